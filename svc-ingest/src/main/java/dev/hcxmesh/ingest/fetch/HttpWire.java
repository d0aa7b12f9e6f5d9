package dev.hcxmesh.ingest.fetch;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.ingest.IngestException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 GET over an already connected socket (so the caller controls which IP is
 * dialled). Handles Content-Length, chunked and read-until-close bodies; every read honours the
 * fetch deadline. Package-private: {@link SafeUrlFetcher} is the API.
 */
final class HttpWire {
    private static final int MAX_HEAD_BYTES = 64 * 1024;

    private HttpWire() {}

    /** A parsed response head and its de-framed body. */
    record Response(int status, Map<String, String> headers, InputStream body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    static Response get(Socket socket, URI uri, long deadlineNanos) throws IOException {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        String host = uri.getHost();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        if (uri.getPort() != -1) {
            host += ":" + uri.getPort();
        }
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + "\r\n"
                + "User-Agent: hcx-mesh-ingest/1\r\n"
                + "Accept: image/*, video/*, application/octet-stream;q=0.5\r\n"
                + "Accept-Encoding: identity\r\n"
                + "Connection: close\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = new DeadlineStream(socket, deadlineNanos);
        String statusLine = readLine(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw fetchFailed("malformed status line: " + abbreviate(statusLine));
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw fetchFailed("malformed status code: " + abbreviate(parts[1]));
        }
        Map<String, String> headers = new HashMap<>();
        int headBytes = statusLine.length();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            headBytes += line.length() + 2;
            if (headBytes > MAX_HEAD_BYTES) {
                throw fetchFailed("response head larger than " + MAX_HEAD_BYTES + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        InputStream body;
        String te = headers.get("transfer-encoding");
        String cl = headers.get("content-length");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = new ChunkedStream(in);
        } else if (cl != null) {
            try {
                body = new LengthStream(in, Long.parseLong(cl.trim()));
            } catch (NumberFormatException e) {
                throw fetchFailed("malformed Content-Length: " + abbreviate(cl));
            }
        } else {
            body = in;
        }
        return new Response(status, headers, body);
    }

    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b == -1) {
                throw fetchFailed("connection closed inside the response head");
            }
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
            if (line.size() > MAX_HEAD_BYTES) {
                throw fetchFailed("response head line longer than " + MAX_HEAD_BYTES + " bytes");
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    static IngestException fetchFailed(String message) {
        return new IngestException(ErrorCode.URL_FETCH_FAILED, message);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    /** Socket input whose every read is bounded by what is left of the fetch deadline. */
    private static final class DeadlineStream extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final long deadlineNanos;

        DeadlineStream(Socket socket, long deadlineNanos) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadlineNanos = deadlineNanos;
        }

        private void arm() throws IOException {
            long leftMs = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                throw fetchFailed("total fetch timeout exceeded");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMs));
        }

        @Override
        public int read() throws IOException {
            arm();
            try {
                return in.read();
            } catch (SocketTimeoutException e) {
                throw fetchFailed("total fetch timeout exceeded while reading");
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            try {
                return in.read(b, off, len);
            } catch (SocketTimeoutException e) {
                throw fetchFailed("total fetch timeout exceeded while reading");
            }
        }
    }

    /** Exactly {@code length} bytes; a short body is an error. */
    private static final class LengthStream extends InputStream {
        private final InputStream in;
        private long left;

        LengthStream(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n == -1 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n == -1) {
                throw fetchFailed("body ended " + left + " bytes before its Content-Length");
            }
            left -= n;
            return n;
        }
    }

    /** Transfer-Encoding: chunked de-framing. */
    private static final class ChunkedStream extends InputStream {
        private final InputStream in;
        private long chunkLeft;
        private boolean done;

        ChunkedStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n == -1 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (chunkLeft == 0) {
                String size = readLine(in).split(";", 2)[0].trim();
                try {
                    chunkLeft = Long.parseLong(size, 16);
                } catch (NumberFormatException e) {
                    throw fetchFailed("malformed chunk size: " + abbreviate(size));
                }
                if (chunkLeft == 0) {
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n == -1) {
                throw fetchFailed("connection closed inside a chunk");
            }
            chunkLeft -= n;
            if (chunkLeft == 0) {
                readLine(in); // CRLF after the chunk data
            }
            return n;
        }
    }
}
