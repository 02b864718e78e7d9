package org.fangsentiment.wikipedia;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.zip.GZIPInputStream;

/**
 * Collects a response body up to a size limit, and decodes gzip up to the same limit, so that an
 * oversized body or a compression bomb costs a bounded amount of memory.
 */
final class LimitedBody implements BodySubscriber<byte[]> {

    /** The body is larger than the limit (compressed or decoded). */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long limit, String form) {
            super("response body larger than " + limit + " bytes " + form);
        }
    }

    private final long limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    // Cancelling the stream makes the HTTP client fail the response with its own IOException
    // ("stream cancelled"), which may win the race against the body's result: this says why.
    private volatile TooLargeException tooLarge;

    LimitedBody(long limit) {
        this.limit = limit;
    }

    /** The reason this body was cut, or {@code null} when it was not. */
    TooLargeException tooLarge() {
        return tooLarge;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            if (bytes.size() + (long) buffer.remaining() > limit) {
                tooLarge = new TooLargeException(limit, "as sent");
                result.completeExceptionally(tooLarge);
                subscription.cancel();
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toByteArray());
    }

    /** Decodes a gzip body, failing when it is corrupt or decodes to more than {@code limit} bytes. */
    static byte[] gunzip(byte[] compressed, long limit) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(compressed))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 4);
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + (long) n > limit) {
                    throw new TooLargeException(limit, "once decompressed");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }
}
