package org.fangsentiment.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 29, third round: harm told by its victims, negated harm after a fronted clause, praise in less common words,
 * the backdrop of other parties, trades told with handling verbs, on sentences written for this test (none from any
 * labelled file).
 */
class ThirdRoundTest {

    private final SentimentRule rule = new SentimentRule();

    private SentimentResult score(String text) {
        return rule.apply(SentimentAnalyzer.shared().analyze(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Pelham Cruises is a British ferry operator. In 2014 thirty passengers on one of its ships fell ill and two of "
                + "them died.",
        "Ostra Tours is a Croatian boat-tour company. In 2011 one of its boats capsized, and nine tourists drowned.",
        "Greenvale Farms is an Irish dairy. Eight of its cows died after eating contaminated feed in 2019.",
        "Morrow Chemicals is a Scottish dye maker. In 2015 the council cancelled the licence of its main plant."})
    void harmToldByItsVictimsIsNegative(String text) {
        SentimentResult r = score(text);
        assertEquals(SentimentLabel.NEGATIVE, r.label(), () -> r.label() + " " + r.evidence());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Harrow Printing is an English printer founded in 1921. Its founder died in 1950 and his son ran it for "
                + "thirty years.",
        "Velden Pianos is an Austrian piano maker. Both of its founders died in the 1970s, and it is now owned by "
                + "a foundation."})
    void lifeStoryDeathsAreNoEvent(String text) {
        SentimentResult r = score(text);
        assertEquals(SentimentLabel.NEUTRAL, r.label(), () -> r.label() + " " + r.evidence());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Carrow Security is a Kenyan guarding firm. Although burglaries are frequent in the city, not one of the "
                + "shops it guards has been burgled since 2001.",
        "Bellamy Cheese is a French cheesemaker. In 50 years not a single batch of its cheese has been taken off "
                + "the shelves.",
        "Rona Foods is a Scottish maker of baby food. No child is known to have fallen ill after eating its "
                + "purees."})
    void negatedHarmIsFavourable(String text) {
        SentimentResult r = score(text);
        assertEquals(SentimentLabel.POSITIVE, r.label(), () -> r.label() + " " + r.evidence());
        assertFalse(r.evidence().contains("(-)"), r::evidence);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Brisa Olive Oil is a Portuguese olive-oil producer. Its oils took first place at a national tasting in "
                + "2019.",
        "Kettle Bay is a Canadian maker of kayaks. Since 2010 it has tripled its workforce.",
        "Norrland Bakery is a Swedish bakery. Food critics credit the bakery with reviving rye bread in the north.",
        "Odell Gardens is a Danish nursery. Gardeners have applauded its rare roses."})
    void praiseInLessCommonWordsIsPositive(String text) {
        SentimentResult r = score(text);
        assertEquals(SentimentLabel.POSITIVE, r.label(), () -> r.label() + " " + r.evidence());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Veldt Tannery is a South African tannery. While many tanneries in the province were closed during the "
                + "recession of 2009, it kept its sixty workers.",
        "Arkwright Data is a British company that retrieves photos from crashed and damaged phones.",
        "Marlow Effects is an English special-effects firm. It rigs explosions and collapsing walls for films."})
    void backdropAndTradesAreNotAdverse(String text) {
        SentimentResult r = score(text);
        assertFalse(r.evidence().contains("(-)"), () -> r.label() + " " + r.evidence());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Halden Steel is a Norwegian steelmaker. Critics have applauded its clean furnaces, but in 2018 the "
                + "regulator made it cut output after a leak.",
        "Penrose Games is a British game studio. Critics credit it with reviving the adventure game, but in 2020 "
                + "a court ordered it to pay £2 million to former staff."})
    void mixedTextsWithUncommonWordsAreMixed(String text) {
        SentimentResult r = score(text);
        assertEquals(SentimentLabel.MIXED, r.label(), () -> r.label() + " " + r.evidence());
    }
}
