package org.fangsentiment.local.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code out/report.html}: one self-contained page (inline CSS and SVG, no script, nothing fetched)
 * with a bar chart of each company's score coloured by its label, the evidence that decided each label,
 * the class probabilities and the snippet. Every string that came from the table, Wikipedia or S3 is HTML-escaped; a link is made
 * only of an {@code http(s)} URL.
 */
public final class HtmlReport {

    static final int LABEL_WIDTH = 200;
    static final int HALF_BAR = 250;
    static final int ROW_HEIGHT = 24;

    private HtmlReport() {
    }

    public static void write(RunSummary summary, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, render(summary), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing " + file + " failed", e);
        }
    }

    static String render(RunSummary summary) {
        StringBuilder html = new StringBuilder(8_192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<title>fang-sentiment run ").append(escape(summary.runId())).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}")
                .append("table{border-collapse:collapse;margin-top:1em}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}")
                .append("th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}")
                .append(".POSITIVE{color:#1a7f37}.NEGATIVE{color:#cf222e}.NEUTRAL{color:#57606a}.MIXED{color:#bf8700}")
                .append(".snippet{max-width:40em;font-size:90%}.evidence{max-width:28em;font-size:90%}\n</style>\n</head>\n<body>\n");
        html.append("<h1>fang-sentiment: run ").append(escape(summary.runId())).append("</h1>\n<p>");
        summary.counts().forEach((name, value) -> html.append(escape(name)).append(": <b>").append(value).append("</b> &nbsp; "));
        html.append("<br>Wikipedia: ").append(escape(summary.wikipedia().getOrDefault("mode", "")))
                .append(" (source <code>").append(escape(summary.wikipedia().getOrDefault("source", ""))).append("</code>)</p>\n");
        html.append(chart(summary.companies()));
        html.append("<table>\n<tr><th>company</th><th>status</th><th>sentiment</th><th>score</th><th>evidence</th>")
                .append("<th>very neg.</th><th>neg.</th><th>neutral</th><th>pos.</th><th>very pos.</th>")
                .append("<th>Wikipedia article</th><th>snippet</th><th>engine</th></tr>\n");
        for (CompanyResult company : summary.companies()) {
            html.append("<tr><td>").append(escape(company.company())).append("</td><td>").append(escape(company.status()))
                    .append("</td><td class=\"").append(cssClass(company.sentiment())).append("\">")
                    .append(escape(company.sentiment())).append("</td><td class=\"num\">")
                    .append(company.score().isPresent() ? format(company.score().getAsDouble()) : "").append("</td>")
                    .append("<td class=\"evidence\">").append(escape(company.evidence())).append("</td>");
            for (int i = 0; i < 5; i++) {
                html.append("<td class=\"num\">")
                        .append(company.probabilities().size() == 5 ? format(company.probabilities().get(i)) : "")
                        .append("</td>");
            }
            html.append("<td>").append(link(company.url(), company.wikipediaTitle())).append("</td><td class=\"snippet\">")
                    .append(escape(company.snippet())).append("</td><td>").append(escape(company.engine()))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
        if (!summary.deadLettered().isEmpty()) {
            html.append("<h2>Dead-lettered messages</h2>\n<table>\n<tr><th>message id</th><th>reason</th></tr>\n");
            for (RunSummary.DeadLetter letter : summary.deadLettered()) {
                html.append("<tr><td><code>").append(escape(letter.messageId())).append("</code></td><td>")
                        .append(escape(letter.reason())).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    /** Horizontal bars from the zero line: left negative, right positive, one row per company. */
    static String chart(List<CompanyResult> companies) {
        int width = LABEL_WIDTH + 2 * HALF_BAR + 60;
        int height = ROW_HEIGHT * Math.max(1, companies.size()) + 30;
        int zero = LABEL_WIDTH + HALF_BAR;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"score per company\" width=\"")
                .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" font-family=\"system-ui,sans-serif\" font-size=\"13\">\n");
        svg.append("<text x=\"").append(LABEL_WIDTH).append("\" y=\"").append(height - 8).append("\">-1</text>")
                .append("<text x=\"").append(zero - 4).append("\" y=\"").append(height - 8).append("\">0</text>")
                .append("<text x=\"").append(zero + HALF_BAR - 8).append("\" y=\"").append(height - 8).append("\">+1</text>\n");
        for (int i = 0; i < companies.size(); i++) {
            CompanyResult company = companies.get(i);
            int y = i * ROW_HEIGHT + 4;
            svg.append("<text x=\"").append(LABEL_WIDTH - 8).append("\" y=\"").append(y + 15)
                    .append("\" text-anchor=\"end\">").append(escape(shorten(company.company(), 28))).append("</text>");
            if (company.score().isPresent()) {
                double score = Math.max(-1, Math.min(1, company.score().getAsDouble()));
                int length = (int) Math.round(Math.abs(score) * HALF_BAR);
                int x = score < 0 ? zero - length : zero;
                svg.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(Math.max(1, length))
                        .append("\" height=\"").append(ROW_HEIGHT - 6).append("\" fill=\"").append(colour(company.sentiment()))
                        .append("\"><title>").append(escape(company.company())).append(": ")
                        .append(escape(company.sentiment())).append(' ').append(format(score))
                        .append(company.evidence().isEmpty() ? "" : ": " + escape(company.evidence()))
                        .append("</title></rect>")
                        .append("<text x=\"").append(score < 0 ? zero + 4 : zero + length + 4).append("\" y=\"").append(y + 15)
                        .append("\">").append(escape(company.sentiment())).append(' ').append(format(score)).append("</text>");
            } else {
                svg.append("<text x=\"").append(zero + 4).append("\" y=\"").append(y + 15).append("\" fill=\"#57606a\">")
                        .append(escape(company.status())).append("</text>");
            }
            svg.append('\n');
        }
        svg.append("<line x1=\"").append(zero).append("\" y1=\"0\" x2=\"").append(zero).append("\" y2=\"")
                .append(height - 24).append("\" stroke=\"#444\"/>\n</svg>\n");
        return svg.toString();
    }

    static String colour(String label) {
        return switch (label) {
            case "POSITIVE" -> "#2da44e";
            case "NEGATIVE" -> "#cf222e";
            case "MIXED" -> "#d4a72c";
            default -> "#8c959f";
        };
    }

    private static String cssClass(String label) {
        return switch (label) {
            case "POSITIVE", "NEGATIVE", "NEUTRAL", "MIXED" -> label;
            default -> "";
        };
    }

    private static String link(String url, String title) {
        String text = escape(title.isEmpty() ? url : title);
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            return "<a href=\"" + escape(url) + "\" rel=\"noopener noreferrer\">" + text + "</a>";
        }
        return text;
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        out.append(' ');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
