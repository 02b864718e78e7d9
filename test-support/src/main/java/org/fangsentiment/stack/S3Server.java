package org.fangsentiment.stack;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * An in-memory server that speaks S3's REST API, path-style ({@code http://127.0.0.1:PORT/bucket/key}),
 * for what this project calls: ListBuckets, CreateBucket, HeadBucket, PutObject, GetObject, HeadObject and
 * ListObjectsV2 (prefix, start-after, max-keys, continuation tokens, {@code encoding-type=url}, which the
 * SDK always asks for).
 *
 * <p>PutObject bodies are taken as the SDK sends them: plain, or {@code aws-chunked}
 * ({@code x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER}, or the signed streaming forms with
 * {@code chunk-signature} extensions), decoded, held to {@code x-amz-decoded-content-length}, and their
 * checksum (trailing or in a header: CRC32, CRC32C, CRC64NVME, SHA-1, SHA-256; {@code Content-MD5})
 * verified, a mismatch answered with {@code BadDigest}. The ETag is the MD5 of the content; GetObject
 * returns the stored checksum when the client asks for it ({@code x-amz-checksum-mode: ENABLED}), so the
 * SDK validates what it reads. User metadata ({@code x-amz-meta-*}) and {@code Content-Type} are kept.
 *
 * <p>Why our own: S3Proxy, the reference emulator the tests use, costs the local run about 3 s of
 * running CPU and some 5 s of JIT compilation of its Jetty per 1,000 companies (docs/benchmarks.md,
 * issue 31). Not implemented, and answered with S3's {@code NotImplemented} (501) naming what was asked:
 * virtual-host addressing, any subresource ({@code ?acl}, {@code ?encryption}, {@code ?publicAccessBlock},
 * {@code ?uploads}, ...), ListObjects v1, delimiters, DeleteObject(s), copies, ranges, conditional
 * requests, server-side encryption, ACL, storage-class, tagging and lock headers. Buckets are not
 * configured by {@link ResourceSetup} (encryption and public-access blocks are the template's, on AWS).
 * Signatures are not checked (emulator credentials); versioning does not exist.
 */
public final class S3Server implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(S3Server.class);
    private static final String XML = "application/xml";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Set<String> CHECKSUMS = Set.of("crc32", "crc32c", "crc64nvme", "sha1", "sha256");
    /**
     * Request headers that are only transport, signing or SDK bookkeeping. {@code x-amz-te: append-md5}
     * (sent with GetObject) offers to take an MD5 appended to the body; this server does not append one
     * and does not answer {@code x-amz-transfer-encoding}, which tells the SDK that none comes.
     */
    private static final Set<String> HARMLESS = Set.of("x-amz-te","x-amz-date", "x-amz-content-sha256",
            "x-amz-decoded-content-length", "x-amz-trailer", "x-amz-sdk-checksum-algorithm", "x-amz-security-token",
            "x-amz-user-agent", "x-amz-checksum-mode", "x-amz-expected-bucket-owner");

    private final HttpServer server;
    private final ExecutorService executor;
    private final String region;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private S3Server(HttpServer server, ExecutorService executor, String region) {
        this.server = server;
        this.executor = executor;
        this.region = region;
    }

    /** Starts on 127.0.0.1 and a free port; buckets report {@code region}. */
    public static S3Server start(String region) throws IOException {
        LoopbackHttp http = LoopbackHttp.create("s3-server", 8);
        S3Server s3 = new S3Server(http.server(), http.executor(), region);
        http.serve(s3::handle);
        return s3;
    }

    public URI endpoint() {
        return LoopbackHttp.endpointOf(server);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private record StoredObject(byte[] content, String etag, String contentType, Map<String, String> metadata,
                                Instant lastModified, String checksumName, String checksumValue) {
    }

    private record Bucket(String name, Instant created, ConcurrentSkipListMap<String, StoredObject> objects) {
    }

    private record Reply(int status, Map<String, String> headers, byte[] body) {
        static Reply ok(Map<String, String> headers, byte[] body) {
            return new Reply(200, headers, body);
        }
    }

    // ---------------------------------------------------------------- wire

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            String method = exchange.getRequestMethod();
            String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
            Reply reply;
            try {
                reply = dispatch(method, exchange.getRequestURI(), exchange.getRequestHeaders(), body);
            } catch (S3Exception e) {
                reply = new Reply(e.status, Map.of("Content-Type", XML), ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        + "<Error><Code>" + e.code + "</Code><Message>" + xml(e.getMessage()) + "</Message>"
                        + e.extra + "<RequestId>" + requestId + "</RequestId></Error>").getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                LOG.warn("S3 server could not handle {} {}", method, exchange.getRequestURI(), e);
                reply = new Reply(500, Map.of("Content-Type", XML), ("<Error><Code>InternalError</Code><Message>"
                        + xml(String.valueOf(e)) + "</Message></Error>").getBytes(StandardCharsets.UTF_8));
            }
            Headers out = exchange.getResponseHeaders();
            reply.headers.forEach(out::set);
            out.set("x-amz-request-id", requestId);
            boolean head = "HEAD".equals(method);
            if (head) {
                // HEAD answers carry the length of the body a GET would have, and no body.
                if (!reply.headers.containsKey("Content-Length")) {
                    out.set("Content-Length", Integer.toString(0));
                }
                exchange.sendResponseHeaders(reply.status, -1);
            } else {
                exchange.sendResponseHeaders(reply.status, reply.body.length == 0 ? -1 : reply.body.length);
                exchange.getResponseBody().write(reply.body);
            }
        }
    }

    private Reply dispatch(String method, URI uri, Headers headers, InputStream body) throws IOException {
        Map<String, String> query = query(uri.getRawQuery());
        String path = uri.getRawPath();
        String[] parts = path.length() <= 1 ? new String[0] : path.substring(1).split("/", 2);
        String bucket = parts.length > 0 ? decode(parts[0]) : null;
        String key = parts.length > 1 && !parts[1].isEmpty() ? decode(parts[1]) : null;
        checkHeaders(headers);
        if (bucket == null) {
            if (method.equals("GET") && query.isEmpty()) {
                return listBuckets();
            }
            throw notImplemented(method + " / " + query.keySet());
        }
        if (key == null) {
            Set<String> known = method.equals("GET") ? Set.of("list-type", "prefix", "continuation-token", "max-keys",
                    "start-after", "encoding-type") : Set.of();
            for (String parameter : query.keySet()) {
                if (!known.contains(parameter)) {
                    throw notImplemented("the bucket subresource or parameter '" + parameter + "' on " + method);
                }
            }
            return switch (method) {
                case "PUT" -> createBucket(bucket);
                case "HEAD" -> headBucket(bucket);
                case "GET" -> {
                    if (!"2".equals(query.get("list-type"))) {
                        throw notImplemented("ListObjects (v1); use ListObjectsV2");
                    }
                    yield listObjectsV2(bucket(bucket), query);
                }
                default -> throw notImplemented(method + " on a bucket");
            };
        }
        if (!query.isEmpty()) {
            throw notImplemented("the object subresource or parameter(s) " + query.keySet() + " on " + method);
        }
        return switch (method) {
            case "PUT" -> putObject(bucket(bucket), key, headers, body);
            case "GET" -> getObject(bucket(bucket), key, headers, true);
            case "HEAD" -> getObject(bucket(bucket), key, headers, false);
            default -> throw notImplemented(method + " on an object");
        };
    }

    /** Headers that would change what S3 does and that this server does not implement: refused, not ignored. */
    private static void checkHeaders(Headers headers) {
        for (String name : headers.keySet()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-amz-") && !lower.startsWith("x-amz-meta-") && !lower.startsWith("x-amz-checksum-")
                    && !HARMLESS.contains(lower)) {
                throw notImplemented("the header " + lower);
            }
            if (lower.equals("range") || lower.startsWith("if-")) {
                throw notImplemented("the header " + lower);
            }
        }
    }

    // ---------------------------------------------------------------- buckets

    private Reply listBuckets() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<Owner><ID>emulator</ID><DisplayName>emulator</DisplayName></Owner><Buckets>");
        buckets.values().stream().sorted((a, b) -> a.name.compareTo(b.name)).forEach(b -> xml.append("<Bucket><Name>")
                .append(xml(b.name)).append("</Name><CreationDate>").append(iso(b.created)).append("</CreationDate>")
                .append("<BucketRegion>").append(region).append("</BucketRegion></Bucket>"));
        xml.append("</Buckets></ListAllMyBucketsResult>");
        return Reply.ok(Map.of("Content-Type", XML), xml.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Reply createBucket(String name) {
        if (!name.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]") || name.contains("..")) {
            throw new S3Exception(400, "InvalidBucketName", "The specified bucket is not valid.",
                    "<BucketName>" + xml(name) + "</BucketName>");
        }
        Bucket fresh = new Bucket(name, Instant.now().truncatedTo(ChronoUnit.MILLIS), new ConcurrentSkipListMap<>());
        if (buckets.putIfAbsent(name, fresh) != null) {
            throw new S3Exception(409, "BucketAlreadyOwnedByYou",
                    "Your previous request to create the named bucket succeeded and you already own it.",
                    "<BucketName>" + xml(name) + "</BucketName>");
        }
        return Reply.ok(Map.of("Location", "/" + name), new byte[0]);
    }

    private Reply headBucket(String name) {
        bucket(name);
        return Reply.ok(Map.of("x-amz-bucket-region", region), new byte[0]);
    }

    private Bucket bucket(String name) {
        Bucket bucket = buckets.get(name);
        if (bucket == null) {
            throw new S3Exception(404, "NoSuchBucket", "The specified bucket does not exist",
                    "<BucketName>" + xml(name) + "</BucketName>");
        }
        return bucket;
    }

    private Reply listObjectsV2(Bucket bucket, Map<String, String> query) {
        String prefix = query.getOrDefault("prefix", "");
        int maxKeys = 1000;
        if (query.containsKey("max-keys")) {
            try {
                maxKeys = Math.min(1000, Integer.parseInt(query.get("max-keys")));
            } catch (NumberFormatException e) {
                maxKeys = -1;
            }
            if (maxKeys < 0) {
                throw new S3Exception(400, "InvalidArgument", "Provided max-keys not an integer or within integer range", "");
            }
        }
        boolean url = "url".equals(query.get("encoding-type"));
        if (query.containsKey("encoding-type") && !url) {
            throw new S3Exception(400, "InvalidArgument", "Invalid Encoding Method specified in Request", "");
        }
        String token = query.get("continuation-token");
        String after = query.getOrDefault("start-after", "");
        if (token != null) {
            try {
                after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new S3Exception(400, "InvalidArgument", "The continuation token provided is incorrect", "");
            }
        }
        List<Map.Entry<String, StoredObject>> page = new ArrayList<>();
        boolean truncated = false;
        for (Map.Entry<String, StoredObject> entry : bucket.objects.tailMap(after, false).entrySet()) {
            if (!entry.getKey().startsWith(prefix)) {
                if (entry.getKey().compareTo(prefix) > 0) {
                    break;
                }
                continue;
            }
            if (page.size() == maxKeys) {
                truncated = true;
                break;
            }
            page.add(entry);
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>")
                .append(xml(bucket.name)).append("</Name><Prefix>").append(xml(maybeEncode(prefix, url)))
                .append("</Prefix><KeyCount>").append(page.size()).append("</KeyCount><MaxKeys>").append(maxKeys)
                .append("</MaxKeys><IsTruncated>").append(truncated).append("</IsTruncated>");
        if (url) {
            xml.append("<EncodingType>url</EncodingType>");
        }
        if (token != null) {
            xml.append("<ContinuationToken>").append(xml(token)).append("</ContinuationToken>");
        }
        if (query.containsKey("start-after")) {
            xml.append("<StartAfter>").append(xml(maybeEncode(query.get("start-after"), url))).append("</StartAfter>");
        }
        for (Map.Entry<String, StoredObject> entry : page) {
            StoredObject o = entry.getValue();
            xml.append("<Contents><Key>").append(xml(maybeEncode(entry.getKey(), url))).append("</Key><LastModified>")
                    .append(iso(o.lastModified)).append("</LastModified><ETag>").append(xml(o.etag))
                    .append("</ETag><Size>").append(o.content.length).append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
        }
        if (truncated) {
            String next = page.isEmpty() ? after : page.get(page.size() - 1).getKey();
            xml.append("<NextContinuationToken>").append(Base64.getUrlEncoder().encodeToString(
                    next.getBytes(StandardCharsets.UTF_8))).append("</NextContinuationToken>");
        }
        xml.append("</ListBucketResult>");
        return Reply.ok(Map.of("Content-Type", XML), xml.toString().getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- objects

    private Reply putObject(Bucket bucket, String key, Headers headers, InputStream in) throws IOException {
        if (key.getBytes(StandardCharsets.UTF_8).length > 1024) {
            throw new S3Exception(400, "KeyTooLongError", "Your key is too long", "");
        }
        byte[] raw = in.readAllBytes();
        String sha = lower(headers.getFirst("x-amz-content-sha256"));
        boolean chunked = sha != null && sha.startsWith("streaming-");
        Map<String, String> trailers = new LinkedHashMap<>();
        byte[] content = chunked ? decodeChunked(raw, trailers) : raw;
        if (chunked) {
            String declared = headers.getFirst("x-amz-decoded-content-length");
            if (declared == null || Long.parseLong(declared.trim()) != content.length) {
                throw new S3Exception(400, "IncompleteBody", "The request body terminated unexpectedly (decoded "
                        + content.length + " bytes, x-amz-decoded-content-length " + declared + ")", "");
            }
            String announced = lower(headers.getFirst("x-amz-trailer"));
            if (announced != null && !trailers.containsKey(announced)) {
                throw new S3Exception(400, "MalformedTrailerError", "The request contained trailing data that was not "
                        + "well-formed or did not conform to our published schema: missing " + announced, "");
            }
        } else if (sha != null && !sha.equals("unsigned-payload")
                && !sha.equals(HexFormat.of().formatHex(digest("SHA-256", content)))) {
            throw new S3Exception(400, "XAmzContentSHA256Mismatch",
                    "The provided 'x-amz-content-sha256' header does not match what was computed.", "");
        }
        String contentMd5 = headers.getFirst("Content-MD5");
        byte[] md5 = digest("MD5", content);
        if (contentMd5 != null && !contentMd5.trim().equals(Base64.getEncoder().encodeToString(md5))) {
            throw new S3Exception(400, "BadDigest", "The Content-MD5 you specified did not match what we received.", "");
        }
        String checksumName = null;
        String checksumValue = null;
        Map<String, String> given = new LinkedHashMap<>(trailers);
        for (String name : headers.keySet()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-amz-checksum-") && !lower.equals("x-amz-checksum-mode")) {
                given.put(lower, headers.getFirst(name).trim());
            }
        }
        for (Map.Entry<String, String> entry : given.entrySet()) {
            if (!entry.getKey().startsWith("x-amz-checksum-")) {
                continue;
            }
            String algorithm = entry.getKey().substring("x-amz-checksum-".length());
            if (!CHECKSUMS.contains(algorithm)) {
                throw notImplemented("the checksum " + entry.getKey());
            }
            String computed = checksum(algorithm, content);
            if (!computed.equals(entry.getValue())) {
                throw new S3Exception(400, "BadDigest", "The " + algorithm.toUpperCase(Locale.ROOT)
                        + " you specified did not match the calculated checksum.", "");
            }
            checksumName = entry.getKey();
            checksumValue = computed;
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (String name : headers.keySet()) {
            if (name.toLowerCase(Locale.ROOT).startsWith("x-amz-meta-")) {
                metadata.put(name.toLowerCase(Locale.ROOT), headers.getFirst(name));
            }
        }
        String contentType = headers.getFirst("Content-Type");
        String etag = "\"" + HexFormat.of().formatHex(md5) + "\"";
        bucket.objects.put(key, new StoredObject(content, etag, contentType == null ? "binary/octet-stream" : contentType,
                metadata, Instant.now().truncatedTo(ChronoUnit.SECONDS), checksumName, checksumValue));
        Map<String, String> reply = new LinkedHashMap<>();
        reply.put("ETag", etag);
        if (checksumName != null) {
            reply.put(checksumName, checksumValue);
            reply.put("x-amz-checksum-type", "FULL_OBJECT");
        }
        return Reply.ok(reply, new byte[0]);
    }

    private Reply getObject(Bucket bucket, String key, Headers headers, boolean withBody) {
        StoredObject o = bucket.objects.get(key);
        if (o == null) {
            throw new S3Exception(404, "NoSuchKey", "The specified key does not exist.", "<Key>" + xml(key) + "</Key>");
        }
        Map<String, String> reply = new LinkedHashMap<>();
        reply.put("Content-Type", o.contentType);
        reply.put("ETag", o.etag);
        reply.put("Last-Modified", HTTP_DATE.format(o.lastModified));
        reply.put("Accept-Ranges", "bytes");
        if (!withBody) {
            reply.put("Content-Length", Integer.toString(o.content.length));
        }
        reply.putAll(o.metadata);
        if (o.checksumName != null && "ENABLED".equalsIgnoreCase(headers.getFirst("x-amz-checksum-mode"))) {
            reply.put(o.checksumName, o.checksumValue);
            reply.put("x-amz-checksum-type", "FULL_OBJECT");
        }
        return Reply.ok(reply, withBody ? o.content : new byte[0]);
    }

    /**
     * Decodes an {@code aws-chunked} body: {@code hex-size[;extensions]\r\n data \r\n} until a chunk of
     * size 0, then trailer lines {@code name:value\r\n} and an empty line.
     */
    static byte[] decodeChunked(byte[] raw, Map<String, String> trailers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        int at = 0;
        while (true) {
            int eol = lineEnd(raw, at);
            String header = new String(raw, at, eol - at, StandardCharsets.US_ASCII);
            int semicolon = header.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon < 0 ? header : header.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw malformedChunk("bad chunk size line '" + header + "'");
            }
            at = eol + 2;
            if (size == 0) {
                break;
            }
            if (size < 0 || at + size + 2 > raw.length || raw[at + size] != '\r' || raw[at + size + 1] != '\n') {
                throw malformedChunk("chunk of " + size + " bytes not followed by CRLF");
            }
            out.write(raw, at, size);
            at += size + 2;
        }
        while (at < raw.length) {
            int eol = lineEnd(raw, at);
            String line = new String(raw, at, eol - at, StandardCharsets.US_ASCII);
            at = eol + 2;
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw malformedChunk("trailer line without ':'");
            }
            trailers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return out.toByteArray();
    }

    private static int lineEnd(byte[] raw, int from) {
        for (int i = from; i + 1 < raw.length; i++) {
            if (raw[i] == '\r' && raw[i + 1] == '\n') {
                return i;
            }
        }
        throw malformedChunk("a line without CRLF");
    }

    private static S3Exception malformedChunk(String why) {
        return new S3Exception(400, "IncompleteBody", "The aws-chunked body is malformed: " + why, "");
    }

    /** The base64 of the checksum's big-endian bytes, as S3 writes {@code x-amz-checksum-*}. */
    static String checksum(String algorithm, byte[] content) {
        byte[] value = switch (algorithm) {
            case "crc32" -> int32(new CRC32(), content);
            case "crc32c" -> int32(new CRC32C(), content);
            case "crc64nvme" -> ByteBuffer.allocate(8).putLong(crc64nvme(content)).array();
            case "sha1" -> digest("SHA-1", content);
            case "sha256" -> digest("SHA-256", content);
            default -> throw notImplemented("the checksum " + algorithm);
        };
        return Base64.getEncoder().encodeToString(value);
    }

    private static byte[] int32(Checksum checksum, byte[] content) {
        checksum.update(content, 0, content.length);
        return ByteBuffer.allocate(4).putInt((int) checksum.getValue()).array();
    }

    private static final long[] CRC64_TABLE = new long[256];

    static {
        long poly = 0x9a6c9329ac4bc9b5L; // CRC-64/NVME, reflected
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ poly : crc >>> 1;
            }
            CRC64_TABLE[i] = crc;
        }
    }

    static long crc64nvme(byte[] content) {
        long crc = ~0L;
        for (byte b : content) {
            crc = CRC64_TABLE[(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
        }
        return ~crc;
    }

    private static byte[] digest(String algorithm, byte[] content) {
        try {
            return MessageDigest.getInstance(algorithm).digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, String> query(String raw) {
        Map<String, String> result = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            result.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return result;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String maybeEncode(String text, boolean url) {
        return url ? URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/") : text;
    }

    private static String lower(String text) {
        return text == null ? null : text.trim().toLowerCase(Locale.ROOT);
    }

    private static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static S3Exception notImplemented(String what) {
        return new S3Exception(501, "NotImplemented", "A header or operation you provided implies functionality that "
                + "is not implemented by this emulator: " + what, "");
    }

    /** An error in S3's XML form. */
    static final class S3Exception extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String code;
        private final String extra;

        S3Exception(int status, String code, String message, String extra) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
            this.extra = extra;
        }
    }
}
