package org.fangsentiment.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * A decompression bomb made on demand, never committed: 1 GiB of zeros, gzip-compressed to about
 * 1 MB (under the client's 4 MiB limit as sent, 256 times over it once decoded).
 *
 * <p>It is 1024 gzip members of 1 MiB of zeros each, one after the other, which RFC 1952 allows and
 * every gzip decoder reads as one stream: the same bytes to the decoder as one member of 1 GiB,
 * without spending seconds of a busy CI machine deflating a gigabyte.
 */
public final class GzipBomb {

    /** What the bomb decodes to. */
    public static final long DECODED_BYTES = 1L << 30;
    private static final int MEMBER_BYTES = 1 << 20;

    private GzipBomb() {
    }

    /** The compressed bytes. */
    public static byte[] bytes() {
        byte[] member = gzip(new byte[MEMBER_BYTES]);
        int members = (int) (DECODED_BYTES / MEMBER_BYTES);
        ByteArrayOutputStream out = new ByteArrayOutputStream(member.length * members);
        for (int i = 0; i < members; i++) {
            out.write(member, 0, member.length);
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
