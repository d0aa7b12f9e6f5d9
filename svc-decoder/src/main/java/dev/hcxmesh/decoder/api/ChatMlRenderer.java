package dev.hcxmesh.decoder.api;

import dev.hcxmesh.decoder.engine.SequenceRequest.EmbeddingSplice;
import dev.hcxmesh.model.tokenizer.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * ChatML per spec §6.1: each text part becomes {@code <|im_start|>{role}\n{text}<|im_end|>\n};
 * each image part becomes the three HCX blocks of §6.2 (mime, vector with one {@code <|dummy3|>}
 * per visual row, empty aux) and the rows are spliced at the placeholder positions. Ends with
 * {@code <|im_start|>assistant\n}. Special tokens are resolved by string, never hard-coded.
 */
public final class ChatMlRenderer implements PromptRenderer {
    private final TextEncoder encoder;
    private final int imStart;
    private final int imEnd;
    private final int imagePlaceholder;

    public ChatMlRenderer(Vocabulary vocab, TextEncoder encoder) {
        this.encoder = encoder;
        this.imStart = require(vocab, "<|im_start|>");
        this.imEnd = require(vocab, "<|im_end|>");
        this.imagePlaceholder = vocab.idOf("<|dummy3|>");
    }

    private static int require(Vocabulary vocab, String token) {
        int id = vocab.idOf(token);
        if (id < 0) {
            throw new IllegalArgumentException("vocabulary has no " + token + " token");
        }
        return id;
    }

    @Override
    public RenderedPrompt render(List<ChatTurn> turns) {
        if (turns.isEmpty()) {
            throw new IllegalArgumentException("a conversation needs at least one message");
        }
        List<Integer> ids = new ArrayList<>();
        List<EmbeddingSplice> splices = new ArrayList<>();
        for (ChatTurn turn : turns) {
            for (ChatTurn.Part part : turn.parts()) {
                switch (part) {
                    case ChatTurn.Text t -> block(ids, turn.role() + "\n" + t.text());
                    case ChatTurn.Image img -> image(ids, splices, turn.role(), img);
                }
            }
        }
        ids.add(imStart);
        add(ids, encoder.encode("assistant\n"));
        return new RenderedPrompt(ids.stream().mapToInt(Integer::intValue).toArray(), splices);
    }

    private void image(List<Integer> ids, List<EmbeddingSplice> splices, String role, ChatTurn.Image img) {
        if (imagePlaceholder < 0) {
            throw new IllegalArgumentException("vocabulary has no <|dummy3|> image placeholder");
        }
        String mime = img.mimeType() == null ? "image/jpeg" : img.mimeType();
        String file = img.filename() == null ? "image" : img.filename();
        block(ids, role + " (mime) \n{\"type\": \"" + mime + "\", \"filename\": \"" + file + "\"}");
        ids.add(imStart);
        add(ids, encoder.encode(role + " (vector)\n"));
        int start = ids.size();
        ChatTurn.VisualEmbedding e = img.embedding();
        IntStream.range(0, e.count()).forEach(i -> ids.add(imagePlaceholder));
        splices.add(new EmbeddingSplice(start, e.count(), e.rows()));
        ids.add(imEnd);
        add(ids, encoder.encode("\n"));
        block(
                ids,
                "image/aux\n다음 중 ocr은 사진에서 검출된 글자이고, lens_keyword는 사진에서 추출된 keyword와 bbox 위치입니다."
                        + "bbox는 0~1 사이로 정규화된 [x1, y1, x2, y2]의 형태입니다. 참고하여 답변하세요. "
                        + "{\"ocr\": \"\", \"lens_keywords\": \"\", \"lens_local_keywords\": \"\"}");
    }

    private void block(List<Integer> ids, String body) {
        ids.add(imStart);
        add(ids, encoder.encode(body));
        ids.add(imEnd);
        add(ids, encoder.encode("\n"));
    }

    private static void add(List<Integer> ids, int[] more) {
        for (int id : more) {
            ids.add(id);
        }
    }
}
