package dev.hcxmesh.model.tokenizer;

import dev.hcxmesh.model.prompt.AuxBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Texts for tokenizer parity tests: fixed hard cases plus seeded random mixtures. */
final class ParityCorpus {
    private ParityCorpus() {}

    static final List<String> FIXED = List.of(
            "",
            "Hello world",
            "You are a helpful assistant.",
            "The quick brown fox jumps over the lazy dog.",
            "안녕하세요. 저는 네이버에서 만든 인공지능 어시스턴트입니다.",
            "ㄱㄴㄷ ㅏㅑ 한글 자모 각 (conjoining jamo) 가각",
            "서울NAVER클로바X 2026년11월22일 HyperCLOVA-X를 써봤어요",
            "emoji 😀😃 family 👨‍👩‍👧‍👦 flag 🏳️‍🌈 🇰🇷 skin 👍🏽 keycap 1️⃣",
            "a    b     c",
            "   leading spaces",
            "trailing spaces    ",
            "tabs\tand\t\ttabs",
            "line1\nline2\n\n\nline5",
            "crlf\r\nline\r\n\r\n",
            "space before newline   \n   next",
            "\n\n\n",
            "   \n\t \n",
            "1234567890 12 123 1234 12345678901234",
            "3.14159, 2,147,483,647; -42 +7 1e-10",
            "I'm sure it's fine, we'll see, they've gone, you're right, I'd say, don't.",
            "I'M SURE IT'S FINE, WE'LL SEE, THEY'VE GONE, YOU'RE RIGHT",
            "'s 't 're 've 'm 'll 'd ''s ' s",
            "hello<|im_end|>world",
            "<|im_start|>user\n안녕<|im_end|>\n<|im_start|>assistant\n",
            "<|im_start|>tool_list\n<|im_end|>\n<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n",
            "<|im_end <|im_end| <|im_end|> <|im_end|><|im_end|>",
            "<|dummy3|><|dummy3|> <|_unuse_missing_100270|> <|endofturn|><|stop|><|endoftext|>",
            "user (mime) \n{\"type\": \"image/jpeg\", \"filename\": \"photo.jpg\"}",
            AuxBlock.format(
                    "Naver, CLOVA, bigshane", "Gucci Ophidia, cross bag", "[0.07, 0.21, 0.92, 0.90] Gucci Ophidia"),
            AuxBlock.format("", "", ""),
            "naïve café résumé Ünïcödé",
            "nbsp\u00A0here ideographic\u3000space nel\u0085x ls\u2028ps\u2029 vt\u000Bff\u000C",
            "combining e\u0301 a\u0308 hangul filler \u3164 zero width\u200Bjoin\u200D",
            "中文测试 日本語のテキスト العربية עברית ไทย",
            "∑∫√∞ ≤≥ → ← ★☆ ©®™",
            "code: if (x != null) { return a[i] + b; } // comment",
            "url https://example.com/path?q=1&r=2#frag email a.b@c.de",
            "!!!??? ... --- *** ### $$$ %%% ^^^",
            " ".repeat(300) + "x",
            "a".repeat(500),
            "가".repeat(200),
            "math 𝐀𝐁𝐂 𝟘𝟙𝟚 arabic-indic ١٢٣٤ fullwidth １２３４ roman ⅫⅪ fractions ½¾ superscript ²³",
            "soft\u00ADhyphen bom\uFEFFx zwsp\u200By",
            "tool: <tool>  spaced <tool>x<tool>",
            "'S 'T 'Re 'vE 'M 'Ll 'D");

    /** Seeded random strings over a mixed alphabet (ASCII, Korean syllables and jamo, emoji, whitespace, specials). */
    static List<String> random(int count, long seed) {
        String[] atoms = {
            "a",
            "b",
            "Z",
            "e",
            "th",
            "'",
            "'s",
            "'LL",
            "0",
            "7",
            "12",
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            "\u00A0",
            "\u3000",
            ".",
            ",",
            "!",
            "?",
            "-",
            "\"",
            "{",
            "}",
            "가",
            "나",
            "한",
            "글",
            "의",
            "ㄱ",
            "ㅏ",
            "😀",
            "👨‍👩‍👧",
            "🇰🇷",
            "é",
            "中",
            "<|im_end|>",
            "<|im_start|>",
            "<|dummy3|>",
            "<|im",
            "|>",
            "ocr",
            "사진",
            "bbox",
            "𝐀𝐁",
            "𝟘𝟙",
            "١٢٣",
            "１２３",
            "e\u0301",
            "\u200B",
            "\uFEFF",
            "Ⅻ",
            "½",
            "\u00AD",
            "\u0085",
            "\u2028",
            "\u000B",
            "\f",
            " \n",
            "\n ",
            "'S",
            "'Ve",
            "\u1100\u1161",
            "ㅎ",
            "AbC",
            "é'",
            "$",
            "%",
            "<tool>",
            " <tool> "
        };
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + r.nextInt(30);
            for (int k = 0; k < n; k++) {
                sb.append(atoms[r.nextInt(atoms.length)]);
            }
            out.add(sb.toString());
        }
        return out;
    }
}
