package dev.hcxmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.hcxmesh.api.v1.MediaKind;
import dev.hcxmesh.api.v1.MediaSource;
import dev.hcxmesh.api.v1.SamplingParams;
import dev.hcxmesh.api.v1.Task;
import dev.hcxmesh.contracts.Schema;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.events.v1.GenerationResult;
import dev.hcxmesh.events.v1.MediaRequest;
import dev.hcxmesh.events.v1.Meta;
import dev.hcxmesh.model.tokens.VisualTokens;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A foreign Kafka client no one here wrote: {@code kcat} (librdkafka) produces a {@code MediaRequest}
 * (protobuf bytes built here) to {@code hcx.media.requests} and reads {@code hcx.results} until the
 * result for its key arrives. Skipped without kcat unless CI=true.
 */
@ExtendWith(SharedMesh.class)
class KcatIT {
    @TempDir
    Path tmp;

    @Test
    void kcatProducedRequestGetsItsResultOnTheResultsTopic() throws IOException {
        ForeignClients.requireTool("kcat");
        String bootstrap = SharedMesh.mesh().bootstrap();
        String key = "kcat-" + System.nanoTime();
        var request = MediaRequest.newBuilder()
                .setMeta(Meta.newBuilder()
                        .setSchemaVersion(Schema.VERSION)
                        .setRequestId(key)
                        .setIdempotencyKey(key)
                        .setCreatedUnixMs(System.currentTimeMillis()))
                .setMedia(MediaSource.newBuilder()
                        .setInlineBytes(ByteString.copyFrom(SampleMedia.chartPng()))
                        .setMimeType("image/png")
                        .setFilename("chart.png")
                        .setKind(MediaKind.IMAGE))
                .setTask(Task.newBuilder()
                        .setPrompt("Describe")
                        .setSampling(SamplingParams.newBuilder().setMaxTokens(16)))
                .build();
        Path file = tmp.resolve("request.pb");
        Files.write(file, request.toByteArray());

        // one file = one message (binary-safe), keyed by the request id
        var produced = ForeignClients.run(
                List.of("kcat", "-P", "-b", bootstrap, "-t", Topics.MEDIA_REQUESTS.name(), "-k", key, file.toString()),
                tmp,
                30);
        assertThat(produced.exit()).as("kcat -P: " + produced.stderr()).isZero();

        Optional<GenerationResult> result = Optional.empty();
        long end = System.nanoTime() + 240_000_000_000L;
        while (result.isEmpty() && System.nanoTime() < end) {
            // key, value size, value bytes: a framing kcat's -f can print for binary values
            var consumed = ForeignClients.run(
                    List.of(
                            "kcat",
                            "-C",
                            "-b",
                            bootstrap,
                            "-t",
                            Topics.RESULTS.name(),
                            "-e",
                            "-o",
                            "beginning",
                            "-q",
                            "-f",
                            "%k\\n%S\\n%s"),
                    tmp,
                    60);
            assertThat(consumed.exit()).as("kcat -C: " + consumed.stderr()).isZero();
            result = framed(consumed.stdout()).stream()
                    .filter(r -> r.key().equals(key))
                    .map(r -> Topics.RESULTS.parse(r.value()))
                    .findFirst();
            if (result.isEmpty()) {
                sleep(1000);
            }
        }
        assertThat(result).as("result for " + key + " read by kcat").isPresent();
        var r = result.get();
        assertThat(r.getMeta().getRequestId()).isEqualTo(key);
        assertThat(r.getResult().getJobId()).isEqualTo(key);
        assertThat(r.getResult().getError().getMessage()).isEmpty();
        assertThat(r.getResult().getFinishReason()).isIn("stop", "length");
        assertThat(r.getResult().getVisualTokens()).isEqualTo(VisualTokens.imageTokens(960, 540));
    }

    record Framed(String key, byte[] value) {}

    /** Parses kcat's {@code %k\n%S\n%s} output: key line, size line, then exactly size value bytes. */
    static List<Framed> framed(byte[] out) throws IOException {
        List<Framed> records = new ArrayList<>();
        var in = new DataInputStream(new ByteArrayInputStream(out));
        while (in.available() > 0) {
            String key = line(in);
            int size = Integer.parseInt(line(in).strip());
            byte[] value = in.readNBytes(size);
            if (value.length != size) {
                throw new IOException("kcat output: expected " + size + " value bytes, found " + value.length);
            }
            records.add(new Framed(key, value));
        }
        return records;
    }

    private static String line(DataInputStream in) throws IOException {
        var sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            sb.append((char) c);
        }
        return sb.toString();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
