package org.fangsentiment.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The event/trade distinction on sentences written for this test (none comes from the labelled texts): a word that
 * names the company's trade leaves a description NEUTRAL; the same word reporting what happened to the company
 * turns it NEGATIVE; a negated adverse event never reads as NEGATIVE.
 */
class EventDetectorTest {

    private final SentimentRule rule = new SentimentRule();

    private SentimentResult score(String text) {
        return rule.apply(SentimentAnalyzer.shared().analyze(text));
    }

    /** Descriptions of two or three sentences, as Wikipedia leads are; {@code %s} is the trade sentence. */
    private static final String FRAME = "%s The company was founded in 1987 and is based in a small town near the "
            + "coast. It employs about 140 people and is owned by its managers.";

    @ParameterizedTest
    @ValueSource(strings = {
        "Norrvik Analytics is a Swedish firm whose fraud-detection software is used by insurers and banks.",
        "Bellamy & Roe is an insolvency law firm in Leeds that advises creditors and administrators.",
        "Gulfline Response is an oil-spill clean-up contractor with depots in four ports.",
        "Feldhaus Elektro makes explosion-proof lighting and switchgear for chemical plants and mines.",
        "Tracewell is a recall-management software firm whose platform tracks products through the supply chain.",
        "Kistenwerk Ruhr is a family company that makes collapsible crates and pallet boxes for farms.",
        "Boulangerie Marchetti is a village bakery whose customers are accustomed to buying bread at six in the "
                + "morning.",
        "The Alpine Junior Open is a tennis tournament organiser sanctioned by its national federation.",
        "Crashlab Nordic runs crash testing for car makers at a track near Umea.",
        "Saldo Inkasso is a Finnish debt collection agency that also insures landlords against rent default.",
        "Ashgrove Mutual sells accident insurance and fire insurance to small farms.",
        "Spillover Media is a Danish publisher of books about economics and trade."})
    void adverseSoundingTradesAreNotEvents(String trade) {
        AnalyzedText a = SentimentAnalyzer.shared().analyze(FRAME.formatted(trade));
        SentimentResult r = rule.apply(a);
        for (SentenceSentiment s : a.sentences()) {
            for (EventMention m : s.events()) {
                assertFalse(m.event(), m::toString);
            }
        }
        assertTrue(r.eventTerms().isEmpty(), r::toString);
        assertFalse(r.evidence().contains("(-)"), r.evidence());
        // NEUTRAL unless CoreNLP reads the plain facts as praise (see docs/sentiment.md); never NEGATIVE or MIXED.
        assertTrue(r.label() == SentimentLabel.NEUTRAL || r.label() == SentimentLabel.POSITIVE,
                () -> r.label() + " " + r.evidence());
    }

    @Test
    void mostAdverseSoundingTradesAreNeutral() {
        List<String> texts = List.of(
                "Norrvik Analytics is a Swedish firm whose fraud-detection software is used by insurers.",
                "Bellamy & Roe is an insolvency law firm in Leeds that advises creditors and administrators.",
                "Tracewell is a recall-management software firm whose platform tracks products.",
                "Boulangerie Marchetti is a village bakery whose customers are accustomed to early opening.",
                "The Alpine Junior Open is a tennis tournament organiser sanctioned by its national federation.",
                "Crashlab Nordic runs crash testing for car makers at a track near Umea.");
        long neutral = texts.stream().map(this::score).filter(r -> r.label() == SentimentLabel.NEUTRAL).count();
        assertTrue(neutral >= 5, "NEUTRAL: " + neutral + " of " + texts.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Norrvik Analytics is a Swedish software company. In 2021 its founder was convicted of fraud.",
        "Bellamy & Roe was a law firm in Leeds. It filed for insolvency in 2016 after losing its largest client.",
        "Gulfline Shipping is a tanker operator. In 2012 one of its tankers ran aground and caused a large oil "
                + "spill.",
        "Feldhaus Chemie is a German chemical company. An explosion at its plant in 2019 killed two workers.",
        "Tracewell Appliances is a kettle maker. It recalled 30,000 kettles in 2022 because of a wiring fault.",
        "Kistenwerk Ruhr was a packaging company. Its sales collapsed in 2009 and it was later liquidated.",
        "The Alpine Junior Open is a tennis tournament. Its organiser was fined by the federation in 2018 for "
                + "unpaid prize money."})
    void theSameWordsAsEventsAreNegative(String text) {
        SentimentResult r = score(text);
        assertEquals(SentimentLabel.NEGATIVE, r.label(), () -> r.label() + " " + r.evidence() + " " + r);
        assertTrue(r.score() <= -0.5, r::toString);
        assertFalse(r.evidence().isEmpty());
        assertTrue(r.evidence().contains("(-)"), r.evidence());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Polder Ferries is a Dutch ferry operator. In forty years its ships have never capsized or been fined "
                + "by a regulator.",
        "Kettleby Foods is a British bakery chain that has never had to recall a product.",
        "Ostrava Mining is a Czech coal company. No miner has been injured in its pits since 1995."})
    void negatedAdverseEventsAreNotNegative(String text) {
        SentimentResult r = score(text);
        assertNotEquals(SentimentLabel.NEGATIVE, r.label(), () -> r.label() + " " + r.evidence() + " " + r);
        assertNotEquals(SentimentLabel.MIXED, r.label(), () -> r.label() + " " + r.evidence() + " " + r);
        assertFalse(r.negatedEventTerms().isEmpty(), r::toString);
    }

    @Test
    void eachWordIsMarkedEventOrTradeWithAReason() {
        AnalyzedText a = SentimentAnalyzer.shared().analyze(
                "Lumen Safety makes leak detectors for breweries, and in 2020 it recalled one of them.");
        List<EventMention> mentions = a.sentences().get(0).events();
        EventMention leak = mentions.stream().filter(m -> m.term().equals("leak")).findFirst().orElseThrow();
        EventMention recall = mentions.stream().filter(m -> m.term().equals("recall")).findFirst().orElseThrow();
        assertFalse(leak.event(), leak::toString);
        assertEquals(EventDecision.Kind.NOUN_MODIFIER, leak.decision().kind(), leak::toString);
        assertTrue(recall.event(), recall::toString);
        assertEquals(EventLexicon.Side.ADVERSE, recall.effectiveSide());
        assertTrue(recall.phrase().contains("recalled"), recall::toString);
    }

    @Test
    void aPresentTenseDescriptionIsATradeAndThePastAnEvent() {
        String trade = "Ledgerline is a Dutch software house. Its scoring engine reads loan applications and marks "
                + "those that resemble known patterns of mortgage fraud for a human reviewer.";
        SentimentResult r = score(trade);
        assertTrue(r.eventTerms().isEmpty(), r::toString);
        assertNotEquals(SentimentLabel.NEGATIVE, r.label(), r::toString);
        SentimentResult event = score("Ledgerline is a Dutch software house. In 2021 two of its managers were "
                + "convicted of mortgage fraud.");
        assertEquals(SentimentLabel.NEGATIVE, event.label(), event::toString);
    }

    @Test
    void favourableEventsCountAndDealsAreNotHonours() {
        SentimentResult won = score("Harbourline is a Scottish shipyard. Its ferries have won two international "
                + "design awards.");
        assertEquals(SentimentLabel.POSITIVE, won.label(), won::toString);
        assertTrue(won.evidence().contains("(+)"), won.evidence());
        SentimentResult deal = score("Harbourline is a Scottish shipyard. In 2015 it won a contract to build two "
                + "ferries for the island council.");
        assertFalse(deal.eventTerms().contains("win"), deal::toString);
    }

    /** Adverse events by documented category beyond the common words (sentences written for this test). */
    @ParameterizedTest
    @ValueSource(strings = {
        "Brindle Mutual is a Scottish building society. In 2021 the regulator ordered it to compensate 4,000 "
                + "savers for closing their accounts without notice.",
        "Marrow & Pike was a Dutch shipping agency. In 2018 it was required to withdraw its customs licence "
                + "application after an audit.",
        "Osterby Timber is a Danish sawmill. Its former finance director admitted the misappropriation of "
                + "company funds in 2017.",
        "Calder Homes is an English landlord. In 2022 it evicted forty families from a block it wanted to sell.",
        "Rennick Farms is a Spanish fruit grower. Labour inspectors found in 2020 that it had withheld the wages "
                + "of its seasonal pickers for months."})
    void documentedCategoriesBeyondTheCommonWordsAreNegative(String text) {
        SentimentResult r = score(text);
        assertEquals(SentimentLabel.NEGATIVE, r.label(), () -> r.label() + " " + r.evidence() + " " + r);
    }

    /** The remedies are trade or service when nothing compels them. */
    @Test
    void remediesNobodyOrderedAreNotEvents() {
        SentimentResult r = score("Harwick Claims is an English claims-management firm. It helps shoppers get "
                + "refunds and compensation from airlines and retailers.");
        assertNotEquals(SentimentLabel.NEGATIVE, r.label(), r::toString);
        assertTrue(r.eventTerms().isEmpty(), r::toString);
    }

    /** A favourable event beyond awards: credited with. */
    @Test
    void creditedWithIsFavourable() {
        SentimentResult r = score("Skelby Rail is a Norwegian rail freight company. It was credited with taking "
                + "thousands of lorries off the country's roads in the 2000s.");
        assertEquals(SentimentLabel.POSITIVE, r.label(), r::toString);
    }
}
