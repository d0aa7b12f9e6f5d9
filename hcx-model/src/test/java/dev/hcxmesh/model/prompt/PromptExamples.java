package dev.hcxmesh.model.prompt;

import dev.hcxmesh.model.prompt.ContentItem.Image;
import dev.hcxmesh.model.prompt.ContentItem.Text;
import dev.hcxmesh.model.prompt.ContentItem.Video;
import java.util.List;

/** Fixed conversations with their expected prompt text, written out by hand from HCX-MODEL-SPEC §6. */
final class PromptExamples {
    private PromptExamples() {}

    /** The aux instruction, copied from the spec (ends with one space). */
    static final String AUX =
            "다음 중 ocr은 사진에서 검출된 글자이고, lens_keyword는 사진에서 추출된 keyword와 bbox 위치입니다.bbox는 0~1 사이로 정규화된 [x1, y1, x2, y2]의 형태입니다. 참고하여 답변하세요. ";

    record Example(String name, Conversation conversation, PromptOptions options, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final String TOOLS = "<|im_start|>tool_list\n<|im_end|>\n";

    static List<Example> all() {
        return List.of(
                new Example(
                        "text only",
                        Conversation.of(Message.user("안녕하세요")),
                        PromptOptions.DEFAULT,
                        TOOLS + "<|im_start|>user\n안녕하세요<|im_end|>\n<|im_start|>assistant\n"),
                new Example(
                        "system + image with ocr/lens + text",
                        Conversation.of(
                                Message.system("You are a helpful assistant."),
                                Message.user(
                                        new Image(
                                                "bag.jpg",
                                                null,
                                                "Naver, CLOVA, bigshane",
                                                "Gucci Ophidia, cross bag, Supreme shoulder bag",
                                                "[0.07, 0.21, 0.92, 0.90] Gucci Ophidia"),
                                        new Text("이 가방은 뭐야?"))),
                        PromptOptions.DEFAULT,
                        TOOLS
                                + "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                                + "<|im_start|>user (mime) \n{\"type\": \"image/jpeg\", \"filename\": \"bag.jpg\"}<|im_end|>\n"
                                + "<|im_start|>user (vector)\n<|dummy3|><|im_end|>\n"
                                + "<|im_start|>image/aux\n" + AUX
                                + "{\"ocr\": \"Naver, CLOVA, bigshane\", \"lens_keywords\": \"Gucci Ophidia, cross bag, Supreme shoulder bag\", \"lens_local_keywords\": \"[0.07, 0.21, 0.92, 0.90] Gucci Ophidia\"}<|im_end|>\n"
                                + "<|im_start|>user\n이 가방은 뭐야?<|im_end|>\n"
                                + "<|im_start|>assistant\n"),
                new Example(
                        "two images, png mime, empty fields",
                        Conversation.of(Message.user(
                                new Text("Compare these:"),
                                new Image("a.png", "image/png", "", "", ""),
                                Image.of("b.jpg"))),
                        PromptOptions.DEFAULT,
                        TOOLS
                                + "<|im_start|>user\nCompare these:<|im_end|>\n"
                                + "<|im_start|>user (mime) \n{\"type\": \"image/png\", \"filename\": \"a.png\"}<|im_end|>\n"
                                + "<|im_start|>user (vector)\n<|dummy3|><|im_end|>\n"
                                + "<|im_start|>image/aux\n" + AUX
                                + "{\"ocr\": \"\", \"lens_keywords\": \"\", \"lens_local_keywords\": \"\"}<|im_end|>\n"
                                + "<|im_start|>user (mime) \n{\"type\": \"image/jpeg\", \"filename\": \"b.jpg\"}<|im_end|>\n"
                                + "<|im_start|>user (vector)\n<|dummy3|><|im_end|>\n"
                                + "<|im_start|>image/aux\n" + AUX
                                + "{\"ocr\": \"\", \"lens_keywords\": \"\", \"lens_local_keywords\": \"\"}<|im_end|>\n"
                                + "<|im_start|>assistant\n"),
                new Example(
                        "video without and with aux",
                        Conversation.of(Message.user(
                                Video.of("clip.mp4"),
                                new Video("talk.webm", "video/webm", "자막 text", null, null),
                                new Text("무슨 일이 일어나?"))),
                        PromptOptions.DEFAULT,
                        TOOLS
                                + "<|im_start|>user (mime) \n{\"type\": \"video/mp4\", \"filename\": \"clip.mp4\"}<|im_end|>\n"
                                + "<|im_start|>user (vector)\n<|_unuse_missing_100270|><|im_end|>\n"
                                + "<|im_start|>user (mime) \n{\"type\": \"video/webm\", \"filename\": \"talk.webm\"}<|im_end|>\n"
                                + "<|im_start|>user (vector)\n<|_unuse_missing_100270|><|im_end|>\n"
                                + "<|im_start|>image/aux\n" + AUX
                                + "{\"ocr\": \"자막 text\", \"lens_keywords\": \"\", \"lens_local_keywords\": \"\"}<|im_end|>\n"
                                + "<|im_start|>user\n무슨 일이 일어나?<|im_end|>\n"
                                + "<|im_start|>assistant\n"),
                new Example(
                        "multi-turn history",
                        Conversation.of(
                                Message.system("간결하게 답하세요."),
                                Message.user(Image.of("cat.jpg"), new Text("What is this?")),
                                Message.assistant("A cat on a sofa."),
                                Message.user("색깔은?")),
                        PromptOptions.DEFAULT,
                        TOOLS
                                + "<|im_start|>system\n간결하게 답하세요.<|im_end|>\n"
                                + "<|im_start|>user (mime) \n{\"type\": \"image/jpeg\", \"filename\": \"cat.jpg\"}<|im_end|>\n"
                                + "<|im_start|>user (vector)\n<|dummy3|><|im_end|>\n"
                                + "<|im_start|>image/aux\n" + AUX
                                + "{\"ocr\": \"\", \"lens_keywords\": \"\", \"lens_local_keywords\": \"\"}<|im_end|>\n"
                                + "<|im_start|>user\nWhat is this?<|im_end|>\n"
                                + "<|im_start|>assistant\nA cat on a sofa.<|im_end|>\n"
                                + "<|im_start|>user\n색깔은?<|im_end|>\n"
                                + "<|im_start|>assistant\n"),
                new Example(
                        "explicit tool_list",
                        Conversation.of(
                                Message.toolList("[{\"name\": \"search\", \"description\": \"웹 검색\"}]"),
                                Message.system("Use tools when needed."),
                                Message.user("오늘 날씨")),
                        PromptOptions.DEFAULT,
                        "<|im_start|>tool_list\n[{\"name\": \"search\", \"description\": \"웹 검색\"}]<|im_end|>\n"
                                + "<|im_start|>system\nUse tools when needed.<|im_end|>\n"
                                + "<|im_start|>user\n오늘 날씨<|im_end|>\n"
                                + "<|im_start|>assistant\n"),
                new Example(
                        "no tool_list, no generation prompt",
                        Conversation.of(Message.user("hi"), Message.assistant("hello")),
                        new PromptOptions(false, false),
                        "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\nhello<|im_end|>\n"),
                new Example(
                        "ocr needing JSON escapes",
                        Conversation.of(Message.user(new Image(
                                "q\"uote.jpg",
                                null,
                                "say \"hi\"\\path\nline2\ttab\u0001",
                                "한글 \"키워드\"",
                                "[0, 0, 1, 1] x"))),
                        PromptOptions.DEFAULT,
                        TOOLS
                                + "<|im_start|>user (mime) \n{\"type\": \"image/jpeg\", \"filename\": \"q\\\"uote.jpg\"}<|im_end|>\n"
                                + "<|im_start|>user (vector)\n<|dummy3|><|im_end|>\n"
                                + "<|im_start|>image/aux\n" + AUX
                                + "{\"ocr\": \"say \\\"hi\\\"\\\\path\\nline2\\ttab\\u0001\", \"lens_keywords\": \"한글 \\\"키워드\\\"\", \"lens_local_keywords\": \"[0, 0, 1, 1] x\"}<|im_end|>\n"
                                + "<|im_start|>assistant\n"));
    }
}
