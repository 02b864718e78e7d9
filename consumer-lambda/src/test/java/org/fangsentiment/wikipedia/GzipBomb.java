package org.fangsentiment.wikipedia;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * A decompression bomb made on demand, never committed: 1 GiB of zeros, gzip-compressed to about
 * 1 MB (under the client's 4 MiB limit as sent, 256 times over it once decoded). Made once per JVM.
 */
public final class GzipBomb {

    /** What the bomb decodes to. */
    public static final long DECODED_BYTES = 1L << 30;

    private static byte[] bomb;

    private GzipBomb() {
    }

    /** The compressed bytes. */
    public static synchronized byte[] bytes() {
        if (bomb == null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1_200_000);
            byte[] zeros = new byte[1 << 20];
            try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
                for (long written = 0; written < DECODED_BYTES; written += zeros.length) {
                    gzip.write(zeros);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("writing to memory cannot fail", e);
            }
            bomb = out.toByteArray();
        }
        return bomb.clone();
    }
}
