package org.fangsentiment.wikipedia;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Response bodies shaped like the real API's, from {@code src/test/resources/wikipedia/}, and the offline server's pages in test-support ({@code wikipedia/summary/}). */
final class Fixtures {

    /** The summary endpoint's real content type. */
    static final String SUMMARY_TYPE =
            "application/json; charset=utf-8; profile=\"https://www.mediawiki.org/wiki/Specs/Summary/1.4.2\"";
    /** The REST search endpoint's content type. */
    static final String SEARCH_TYPE = "application/json";
    /** What the summary endpoint sends with a 404. */
    static final String PROBLEM_TYPE = "application/problem+json";

    private Fixtures() {
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/wikipedia/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
