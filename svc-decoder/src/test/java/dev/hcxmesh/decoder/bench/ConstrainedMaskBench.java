package dev.hcxmesh.decoder.bench;

import dev.hcxmesh.decoder.constrained.ConstraintLimits;
import dev.hcxmesh.decoder.constrained.JsonSchemaMask;
import dev.hcxmesh.decoder.constrained.SchemaCompiler;
import dev.hcxmesh.decoder.constrained.SchemaNode;
import dev.hcxmesh.decoder.constrained.TokenTrie;
import dev.hcxmesh.decoder.sampling.Processors;
import dev.hcxmesh.decoder.sampling.TokenHistory;
import dev.hcxmesh.model.tokenizer.Vocabulary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Times constrained-decoding masks and top-p on a synthetic vocabulary of the HCX size (110,592
 * tokens: 256 bytes + random ASCII/UTF-8 pieces of 2..10 bytes). Writes target/bench/constrained-mask.txt.
 * Run: {@code java -cp <test classpath> dev.hcxmesh.decoder.bench.ConstrainedMaskBench}.
 */
public final class ConstrainedMaskBench {
    private ConstrainedMaskBench() {}

    public static Vocabulary syntheticVocabulary(int size, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<byte[]> tokens = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            tokens.add(new byte[] {(byte) b});
        }
        String alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\"{}[]:,.-_";
        while (tokens.size() < size) {
            if (rnd.nextInt(5) == 0) {
                tokens.add(("가나다라마바사아자차카타파하".charAt(rnd.nextInt(14)) + "" + (char) ('가' + rnd.nextInt(11000)))
                        .getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int len = 2 + rnd.nextInt(9);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < len; i++) {
                sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            tokens.add(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return new Vocabulary() {
            public int size() {
                return tokens.size();
            }

            public byte[] tokenBytes(int id) {
                return tokens.get(id).clone();
            }

            public boolean isSpecial(int id) {
                return false;
            }

            public int idOf(String token) {
                return -1;
            }
        };
    }

    public static void main(String[] args) throws IOException {
        Vocabulary vocab = syntheticVocabulary(110_592, 1);
        long t0 = System.nanoTime();
        TokenTrie trie = new TokenTrie(vocab);
        double buildMs = (System.nanoTime() - t0) / 1e6;
        ConstraintLimits limits = ConstraintLimits.DEFAULT;
        SchemaNode schema = new SchemaCompiler(limits)
                .compile(
                        "{\"type\":\"object\",\"properties\":{\"caption\":{\"type\":\"string\"},\"score\":{\"type\":\"number\"}},"
                                + "\"required\":[\"caption\",\"score\"]}");
        StringBuilder report = new StringBuilder();
        report.append(
                String.format("vocab %d, trie nodes %d, build %.1f ms%n", vocab.size(), trie.nodeCount(), buildMs));
        // structural state (start of the object) and inside a free string
        JsonSchemaMask start = new JsonSchemaMask(schema, limits, vocab, trie);
        JsonSchemaMask inString = new JsonSchemaMask(schema, limits, vocab, trie);
        for (byte b : "{\"caption\":\"ab".getBytes(StandardCharsets.UTF_8)) {
            inString.accept(b & 0xFF);
        }
        report.append(time("mask at object start", () -> start.allowed().cardinality()));
        report.append(time("mask inside a string", () -> inString.allowed().cardinality()));
        float[] logits = new float[vocab.size()];
        SplittableRandom rnd = new SplittableRandom(3);
        report.append(time("top-p 0.6 over the vocab", () -> {
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) rnd.nextGaussian() * 3;
            }
            Processors.topP(0.6f).apply(logits, new TokenHistory());
            return 0;
        }));
        Path out = Path.of("target", "bench", "constrained-mask.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        System.out.print(report);
    }

    private static String time(String what, java.util.function.IntSupplier op) {
        int allowed = 0;
        for (int i = 0; i < 5; i++) {
            allowed = op.getAsInt(); // warm-up
        }
        int n = 20;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            op.getAsInt();
        }
        double ms = (System.nanoTime() - t0) / 1e6 / n;
        return String.format("%-28s %8.2f ms/step (allowed %d)%n", what, ms, allowed);
    }
}
