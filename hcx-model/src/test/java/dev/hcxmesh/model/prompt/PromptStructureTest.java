package dev.hcxmesh.model.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.model.fixtures.TinyTokenizerFiles;
import dev.hcxmesh.model.prompt.ContentItem.Image;
import dev.hcxmesh.model.prompt.ContentItem.Video;
import dev.hcxmesh.model.tokenizer.BpeTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HCX-MODEL-SPEC §9 prompt structure, checked on token structure with the generated tokenizer:
 * {@code 100272 14506 2062 198 100273 198 100272 9125 198 … 100273 198 100272 882 198 … 100273 198
 * 100272 78191 198}. The real ids (100272, 9125, 198, "You are a helpful assistant." = 2675 527 264
 * 11190 18328 13 …) can only be checked with the real tokenizer.json, which is not available here: this
 * test checks that the same STRUCTURE comes out (special tokens as single ids at the right places, role
 * words and newlines tokenized independently of their neighbours, exactly one placeholder per item).
 */
class PromptStructureTest {

    @TempDir
    static Path dir;

    static BpeTokenizer tok;
    static int imStart;
    static int imEnd;

    @BeforeAll
    static void load() {
        TinyTokenizerFiles.write(dir);
        tok = BpeTokenizer.load(dir);
        imStart = tok.requireId(SpecialTokens.IM_START);
        imEnd = tok.requireId(SpecialTokens.IM_END);
    }

    private static List<Integer> seq(Object... parts) {
        List<Integer> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof Integer i) {
                out.add(i);
            } else {
                for (int id : tok.encode((String) p)) {
                    out.add(id);
                }
            }
        }
        return out;
    }

    @Test
    void specDocstringPromptHasTheSpecStructure() {
        Conversation conv =
                Conversation.of(Message.system("You are a helpful assistant."), Message.user("Describe the picture."));
        int[] ids = tok.encode(HcxPromptRenderer.render(conv, PromptOptions.DEFAULT));
        List<Integer> expected = seq(
                imStart,
                "tool_list",
                "\n",
                imEnd,
                "\n",
                imStart,
                "system",
                "\n",
                "You are a helpful assistant.",
                imEnd,
                "\n",
                imStart,
                "user",
                "\n",
                "Describe the picture.",
                imEnd,
                "\n",
                imStart,
                "assistant",
                "\n");
        assertThat(Arrays.stream(ids).boxed().toList()).isEqualTo(expected);
        // "\n" is one token (198 in the real vocabulary), and so is each role word in the tiny one
        assertThat(tok.encode("\n")).hasSize(1);
        assertThat(ids[ids.length - 1]).isEqualTo(tok.encode("\n")[0]);
    }

    @Test
    void imageAndVideoBlocksPutPlaceholdersBetweenVectorAndImEnd() {
        Conversation conv = Conversation.of(
                Message.user(Image.of("a.jpg"), Video.of("v.mp4"), Image.of("b.jpg"), new ContentItem.Text("비교해 줘")));
        int[] ids = tok.encode(HcxPromptRenderer.render(conv, PromptOptions.DEFAULT));
        int image = tok.requireId(SpecialTokens.IMAGE_PLACEHOLDER);
        int video = tok.requireId(SpecialTokens.VIDEO_PLACEHOLDER);
        int[] placeholderAt = IntStream.range(0, ids.length)
                .filter(i -> ids[i] == image || ids[i] == video)
                .toArray();
        assertThat(placeholderAt).hasSize(3);
        assertThat(ids[placeholderAt[0]]).isEqualTo(image);
        assertThat(ids[placeholderAt[1]]).isEqualTo(video);
        assertThat(ids[placeholderAt[2]]).isEqualTo(image);
        List<Integer> vectorHeader = seq(imStart, "user (vector)", "\n");
        for (int at : placeholderAt) {
            List<Integer> before =
                    Arrays.stream(ids, at - vectorHeader.size(), at).boxed().toList();
            assertThat(before).isEqualTo(vectorHeader);
            assertThat(ids[at + 1]).isEqualTo(imEnd);
        }
        // the aux block of image 1 follows its vector block: <|im_end|> \n <|im_start|> image/aux \n
        List<Integer> auxHeader = seq(imEnd, "\n", imStart, "image/aux", "\n");
        List<Integer> after = Arrays.stream(ids, placeholderAt[0] + 1, placeholderAt[0] + 1 + auxHeader.size())
                .boxed()
                .toList();
        assertThat(after).isEqualTo(auxHeader);
        // every <|im_start|> is matched by an <|im_end|> except the generation prompt's
        long starts = Arrays.stream(ids).filter(i -> i == imStart).count();
        long ends = Arrays.stream(ids).filter(i -> i == imEnd).count();
        assertThat(starts).isEqualTo(ends + 1);
    }

    @Test
    void builderExpandsPlaceholdersWithVisualTokenCounts() {
        HcxPromptBuilder builder = HcxPromptBuilder.load(dir);
        Conversation conv = Conversation.of(Message.user(Image.of("a.jpg"), Video.of("v.mp4")));
        int q1 = dev.hcxmesh.model.tokens.VisualTokens.imageTokens(512, 512);
        int q2 = dev.hcxmesh.model.tokens.VisualTokens.videoTokens(32);
        PromptTokens.Expansion x = builder.encodeExpanded(conv, PromptOptions.DEFAULT, List.of(q1, q2));
        int[] plain = builder.encode(conv, PromptOptions.DEFAULT);
        assertThat(x.ids()).hasSize(plain.length - 2 + q1 + q2);
        assertThat(Arrays.stream(x.ids(), x.itemStarts()[0], x.itemStarts()[0] + q1))
                .containsOnly(builder.imageTokenId());
        assertThat(Arrays.stream(x.ids(), x.itemStarts()[1], x.itemStarts()[1] + q2))
                .containsOnly(builder.videoTokenId());
        assertThat(builder.stopTokenIds())
                .containsExactly(
                        tok.requireId("<|endofturn|>"), tok.requireId("<|stop|>"), tok.requireId("<|im_end|>"));
    }
}
