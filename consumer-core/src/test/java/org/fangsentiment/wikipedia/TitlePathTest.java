package org.fangsentiment.wikipedia;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TitlePathTest {

    @Test
    void keyUsesUnderscoresForRunsOfSpaces() {
        assertEquals("Amazon_(company)", TitlePath.key("  Amazon \t (company)_ "));
    }

    @Test
    void segmentKeepsReadableCharactersAndEncodesTheRest() {
        assertEquals("Amazon_(company)", TitlePath.segment("Amazon (company)"));
        assertEquals("Facebook,_Inc.", TitlePath.segment("Facebook, Inc."));
        assertEquals("AT%26T", TitlePath.segment("AT&T"));
        assertEquals("a%2Fb%3Fc%23d%25e%2Bf%3Dg%22h%5Bi%5D", TitlePath.segment("a/b?c#d%e+f=g\"h[i]"));
    }

    @Test
    void queryValueEncodesSpacesAsPercent20() {
        assertEquals("Procter%20%26%20Gamble", TitlePath.queryValue(" Procter & Gamble "));
        assertEquals("%E3%82%BD%E3%83%8B%E3%83%BC", TitlePath.queryValue("ソニー"));
    }
}
