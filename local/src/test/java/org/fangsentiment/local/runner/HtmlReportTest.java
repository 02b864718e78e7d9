package org.fangsentiment.local.runner;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    private static RunSummary summary(CompanyResult... companies) {
        return new RunSummary("2025-01-15T06:00:00Z", 3, "embedded", Map.of("mode", "offline", "source", "offline-sample"),
                Map.of("table", "fang"), Map.of("items", 2L), List.of(companies),
                List.of(new RunSummary.DeadLetter("id-<1>", "InvalidMessageException: <b>bad</b>")), Map.of("total", 1L));
    }

    @Test
    void everyUntrustedStringIsEscaped() {
        CompanyResult evil = new CompanyResult("<script>alert(1)</script>", "\"><img src=x onerror=alert(2)>",
                "javascript:alert(3)", "POSITIVE", OptionalDouble.of(0.5), List.of(0.1, 0.1, 0.2, 0.3, 0.3), "OK",
                "offline-sample", "2025-01-15T06:00:00Z", "Snippet & <iframe src=//evil>", "k", "k",
                "won <b>gold</b> (+)", "corenlp");
        String html = HtmlReport.render(summary(evil));
        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains("<img"), html);
        assertFalse(html.contains("<iframe"), html);
        assertFalse(html.contains("href=\"javascript"), html);
        assertFalse(html.contains("<b>bad"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
        assertTrue(html.contains("Snippet &amp; &lt;iframe"), html);
        assertFalse(html.contains("<b>gold"), html);
        assertTrue(html.contains("won &lt;b&gt;gold&lt;/b&gt; (+)"), html);
    }

    @Test
    void theEvidenceIsShownBesideTheLabel() {
        CompanyResult fined = new CompanyResult("Acme", "Acme", "", "NEGATIVE", OptionalDouble.of(-0.667),
                List.of(0.3, 0.4, 0.2, 0.1, 0.0), "OK", "offline-sample", "r", "s", "k", "k",
                "fined 4 million euros (-); recalled its heaters (-)", "corenlp");
        String html = HtmlReport.render(summary(fined));
        assertTrue(html.contains("<th>evidence</th>"), html);
        assertTrue(html.contains("<td class=\"evidence\">fined 4 million euros (-); recalled its heaters (-)</td>"),
                html);
    }

    @Test
    void barsAreColouredByLabelAndSelfContained() {
        CompanyResult good = new CompanyResult("Netflix", "Netflix", "https://en.wikipedia.org/wiki/Netflix", "POSITIVE",
                OptionalDouble.of(0.4), List.of(0.0, 0.1, 0.3, 0.4, 0.2), "OK", "offline-sample", "r", "s", "k", "k", "won an award (+)", "corenlp");
        CompanyResult bad = new CompanyResult("Acme", "Acme", "", "NEGATIVE", OptionalDouble.of(-0.3),
                List.of(0.3, 0.4, 0.2, 0.1, 0.0), "OK", "offline-sample", "r", "s", "k2", "k2", "was fined (-)", "corenlp");
        CompanyResult missing = new CompanyResult("Nobody", "", "", "", OptionalDouble.empty(), List.of(), "NOT_FOUND",
                "offline-sample", "r", "", "k3", "k3", "", "corenlp");
        String html = HtmlReport.render(summary(good, bad, missing));
        assertTrue(html.contains("<svg"), html);
        assertTrue(html.contains("fill=\"" + HtmlReport.colour("POSITIVE") + "\""), html);
        assertTrue(html.contains("fill=\"" + HtmlReport.colour("NEGATIVE") + "\""), html);
        assertTrue(html.contains("NOT_FOUND"), html);
        assertTrue(html.contains("<a href=\"https://en.wikipedia.org/wiki/Netflix\""), html);
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("src="), html);
    }
}
