package dev.hcxmesh.e2e;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A collector-compatible OTLP/HTTP trace receiver on loopback ({@code POST /v1/traces} with
 * protobuf bodies). It decodes the wire format field by field (ExportTraceServiceRequest →
 * ResourceSpans → ScopeSpans → Span), keeping service name, trace id, span id, parent and name.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** One received span. */
    public record SpanRecord(String service, String traceId, String spanId, String parentSpanId, String name) {}

    private final HttpServer server;
    private final List<SpanRecord> spans = new CopyOnWriteArrayList<>();

    public OtlpReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/traces", exchange -> {
            try (InputStream body =
                    "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                            ? new GZIPInputStream(exchange.getRequestBody())
                            : exchange.getRequestBody()) {
                spans.addAll(decode(body.readAllBytes()));
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, 0);
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<SpanRecord> spans() {
        return List.copyOf(spans);
    }

    static List<SpanRecord> decode(byte[] body) {
        try {
            List<SpanRecord> out = new ArrayList<>();
            for (ByteString rs : UnknownFieldSet.parseFrom(body).getField(1).getLengthDelimitedList()) {
                UnknownFieldSet resourceSpans = UnknownFieldSet.parseFrom(rs);
                String service = serviceName(resourceSpans);
                for (ByteString ss : resourceSpans.getField(2).getLengthDelimitedList()) {
                    for (ByteString s :
                            UnknownFieldSet.parseFrom(ss).getField(2).getLengthDelimitedList()) {
                        UnknownFieldSet span = UnknownFieldSet.parseFrom(s);
                        out.add(new SpanRecord(service, hex(span, 1), hex(span, 2), hex(span, 4), string(span, 5)));
                    }
                }
            }
            return out;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an OTLP ExportTraceServiceRequest: " + e.getMessage(), e);
        }
    }

    private static String serviceName(UnknownFieldSet resourceSpans) throws InvalidProtocolBufferException {
        for (ByteString r : resourceSpans.getField(1).getLengthDelimitedList()) {
            for (ByteString kv : UnknownFieldSet.parseFrom(r).getField(1).getLengthDelimitedList()) {
                UnknownFieldSet keyValue = UnknownFieldSet.parseFrom(kv);
                if ("service.name".equals(string(keyValue, 1))) {
                    for (ByteString any : keyValue.getField(2).getLengthDelimitedList()) {
                        return string(UnknownFieldSet.parseFrom(any), 1);
                    }
                }
            }
        }
        return "";
    }

    private static String hex(UnknownFieldSet set, int field) {
        var values = set.getField(field).getLengthDelimitedList();
        return values.isEmpty()
                ? ""
                : HexFormat.of().formatHex(values.getFirst().toByteArray());
    }

    private static String string(UnknownFieldSet set, int field) {
        var values = set.getField(field).getLengthDelimitedList();
        return values.isEmpty() ? "" : values.getFirst().toStringUtf8();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
