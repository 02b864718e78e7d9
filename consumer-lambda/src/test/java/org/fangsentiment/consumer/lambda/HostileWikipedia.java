package org.fangsentiment.consumer.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.fangsentiment.item.ItemJson;
import org.fangsentiment.testing.GzipBomb;

/**
 * Wikipedia as an attacker or a broken proxy would play it, on loopback (WireMock). Any title not
 * listed is missing (a problem+json 404) and every title search finds nothing, so hostile company
 * names end as {@code NOT_FOUND} rows without depending on sample data. The listed titles answer:
 * <ul>
 *   <li>{@value #HTML}: HTML and script tags in the extract, a formula as the title, and a
 *       {@code javascript:} page URL;</li>
 *   <li>{@value #HUGE}: an extract of {@value #HUGE_EXTRACT_BYTES} bytes;</li>
 *   <li>{@value #WRONG_TYPE}: a 200 with {@code text/html} (a captive portal, an error page);</li>
 *   <li>{@value #PROXY_404}: a 404 that is not Wikipedia's problem+json (a wrong site URL, a proxy);</li>
 *   <li>{@value #BAD_BYTES}: JSON whose extract holds invalid UTF-8;</li>
 *   <li>{@value #LOOP}: a redirect to itself;</li>
 *   <li>{@value #OFF_SITE}: a 302 to another site (this host, another port) that answers with a
 *       company summary whose page URL is a phishing link; {@link #offSiteRequests()} counts
 *       what reached it;</li>
 *   <li>{@value #TOO_BIG}: a plain body one byte over the client's 4 MiB limit;</li>
 *   <li>{@value #BOMB}: a gzip bomb ({@link GzipBomb}: 1 GiB of zeros, about 1 MB compressed).</li>
 * </ul>
 */
final class HostileWikipedia implements AutoCloseable {

    static final String HTML = "Html_Corp";
    static final String HUGE = "Huge_Corp";
    static final String WRONG_TYPE = "Html_Page_Corp";
    static final String PROXY_404 = "Proxy_404_Corp";
    static final String BAD_BYTES = "Bad_Bytes_Corp";
    static final String LOOP = "Loop_Corp";
    static final String OFF_SITE = "Off_Site_Corp";
    static final String TOO_BIG = "Too_Big_Corp";
    static final String BOMB = "Gzip_Bomb_Corp";
    static final String PHISHING_URL = "https://evil.example/phish";
    /** One byte over the client's limit ({@code PoliteFetcher.MAX_BODY_BYTES}, 4 MiB). */
    static final int TOO_BIG_BYTES = 4 * 1024 * 1024 + 1;

    static final int HUGE_EXTRACT_BYTES = 1024 * 1024;
    static final String HUGE_SENTENCE = "Huge Corp is a company that makes useful things. ";
    static final String HTML_TITLE = "=HYPERLINK(\"http://evil.example\",\"click\")";
    static final String HTML_EXTRACT = "-1+1 <script>alert(document.cookie)</script> <b>Html Corp</b> is an "
            + "American software company that makes <a href=\"javascript:alert(1)\">good tools</a>.";
    /** The bad-bytes extract as Java reads it: each invalid sequence becomes U+FFFD. */
    static final String BAD_BYTES_EXTRACT_DECODED = "Bad Bytes Corp is a company \uFFFD( that sells \uFFFD\uFFFD things.";

    static final String SUMMARY = "/api/rest_v1/page/summary/";
    static final String SEARCH = "/w/rest.php/v1/search/title";

    // Without WireMock's own gzip, so that a plain body arrives as large as it is.
    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
            .gzipDisabled(true));
    private final WireMockServer elsewhere = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    HostileWikipedia() {
        server.start();
        server.stubFor(any(anyUrl()).atPriority(20).willReturn(aResponse().withStatus(418)
                .withHeader("Content-Type", "text/plain").withBody("not an endpoint the client should call")));
        server.stubFor(get(urlPathMatching("/api/rest_v1/page/summary/.*")).atPriority(10).willReturn(aResponse()
                .withStatus(404).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"https://mediawiki.org/wiki/HyperSwitch/errors/not_found\",\"title\":\"Not found.\"}")));
        server.stubFor(get(urlPathEqualTo(SEARCH)).atPriority(10).willReturn(json("{\"pages\":[]}")));

        server.stubFor(get(urlPathEqualTo(SUMMARY + HTML)).atPriority(1).willReturn(json(summary(HTML, HTML_TITLE,
                HTML_EXTRACT, "<img src=x onerror=alert(1)>", "javascript:alert(1)"))));
        server.stubFor(get(urlPathEqualTo(SUMMARY + HUGE)).atPriority(1).willReturn(json(summary(HUGE, "Huge Corp",
                hugeExtract(), "Company", "https://en.wikipedia.org/wiki/Huge_Corp"))));
        server.stubFor(get(urlPathEqualTo(SUMMARY + WRONG_TYPE)).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody("<!DOCTYPE html><html><body><h1>Wikimedia Error</h1><script>x()</script></body></html>")));
        server.stubFor(get(urlPathEqualTo(SUMMARY + PROXY_404)).atPriority(1).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "text/html").withBody("<html><body>404 Not Found</body></html>")));
        server.stubFor(get(urlPathEqualTo(SUMMARY + BAD_BYTES)).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody(badBytesSummary())));
        server.stubFor(get(urlPathEqualTo(SUMMARY + LOOP)).atPriority(1).willReturn(aResponse().withStatus(302)
                .withHeader("Location", SUMMARY + LOOP)));

        elsewhere.start();
        elsewhere.stubFor(any(anyUrl()).willReturn(json(summary(OFF_SITE, "Off Site Corp",
                "Off Site Corp is an American company that wants your password.", "Company", PHISHING_URL))));
        server.stubFor(get(urlPathEqualTo(SUMMARY + OFF_SITE)).atPriority(1).willReturn(aResponse().withStatus(302)
                .withHeader("Location", elsewhere.baseUrl() + SUMMARY + OFF_SITE)));
        byte[] tooBig = new byte[TOO_BIG_BYTES];
        java.util.Arrays.fill(tooBig, (byte) ' ');
        server.stubFor(get(urlPathEqualTo(SUMMARY + TOO_BIG)).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody(tooBig)));
        server.stubFor(get(urlPathEqualTo(SUMMARY + BOMB)).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8").withHeader("Content-Encoding", "gzip")
                .withBody(GzipBomb.bytes())));
    }

    /** The other site's base URL. */
    String offSiteBaseUrl() {
        return elsewhere.baseUrl();
    }

    /** Requests that reached the other site; the client must never send one. */
    int offSiteRequests() {
        return elsewhere.getAllServeEvents().size();
    }

    String baseUrl() {
        return server.baseUrl();
    }

    /** The raw paths (with query) of every request received, in order. */
    List<String> requestedUrls() {
        return server.getAllServeEvents().stream().map(e -> e.getRequest().getUrl()).toList();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type",
                "application/json; charset=utf-8; profile=\"https://www.mediawiki.org/wiki/Specs/Summary/1.5.0\"")
                .withBody(body);
    }

    static String hugeExtract() {
        StringBuilder text = new StringBuilder(HUGE_EXTRACT_BYTES + HUGE_SENTENCE.length());
        while (text.length() < HUGE_EXTRACT_BYTES) {
            text.append(HUGE_SENTENCE);
        }
        return text.substring(0, HUGE_EXTRACT_BYTES);
    }

    private static String summary(String canonical, String title, String extract, String description, String pageUrl) {
        ObjectNode root = ItemJson.MAPPER.createObjectNode();
        root.put("type", "standard");
        root.put("title", title);
        root.putObject("titles").put("canonical", canonical).put("normalized", title);
        root.put("description", description);
        root.put("extract", extract);
        root.putObject("content_urls").putObject("desktop").put("page", pageUrl);
        return root.toString();
    }

    private static byte[] badBytesSummary() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("{\"type\":\"standard\",\"title\":\"Bad Bytes Corp\",\"titles\":{\"canonical\":\"" + BAD_BYTES
                + "\",\"normalized\":\"Bad Bytes Corp\"},\"extract\":\"Bad Bytes Corp is a company ")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28}); // a lead byte without its continuation
        out.writeBytes(" that sells ".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE}); // bytes that never occur in UTF-8
        out.writeBytes(" things.\"}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Override
    public void close() {
        server.stop();
        elsewhere.stop();
    }
}
