package dev.hcxmesh.model.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.hcxmesh.model.fixtures.TinyTokenizerFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Encode throughput of {@link BpeTokenizer} vs Hugging Face (DJL) on the tiny tokenizer. Not a test:
 * run briefly with {@code java -cp ... dev.hcxmesh.model.tokenizer.TokenizerBench}; writes
 * {@code target/bench/tokenizer.txt}.
 */
public final class TokenizerBench {
    private TokenizerBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("tok-bench");
        TinyTokenizerFiles.write(dir);
        BpeTokenizer ours = BpeTokenizer.load(dir);
        List<String> texts = ParityCorpus.random(2000, 1);
        texts = new java.util.ArrayList<>(texts);
        texts.addAll(ParityCorpus.FIXED);
        long bytes = texts.stream()
                .mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length)
                .sum();
        StringBuilder report = new StringBuilder();
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder()
                .optTokenizerPath(dir.resolve("tokenizer.json"))
                .optAddSpecialTokens(false)
                .optTruncation(false)
                .optPadding(false)
                .build()) {
            for (int round = 0; round < 5; round++) {
                long t0 = System.nanoTime();
                long n1 = 0;
                for (String t : texts) {
                    n1 += ours.encode(t).length;
                }
                long t1 = System.nanoTime();
                long n2 = 0;
                for (String t : texts) {
                    n2 += hf.encode(t, false, false).getIds().length;
                }
                long t2 = System.nanoTime();
                report.append(String.format(
                        "round %d: %d texts, %d bytes; ours %.1f MB/s (%d ids), hf/djl %.1f MB/s (%d ids)%n",
                        round, texts.size(), bytes, bytes / ((t1 - t0) / 1e3), n1, bytes / ((t2 - t1) / 1e3), n2));
            }
        }
        Path out = Path.of("target/bench/tokenizer.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.print(report);
    }
}
