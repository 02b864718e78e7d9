package org.fangsentiment.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 29, second round: harm told in words outside the hand-written lexicon (WordNet's expansion of the documented
 * root senses, compelled remedies with "back", products withdrawn from sale, payments stopped), on sentences written
 * for this test (none from the labelled texts), and the same words naming a trade.
 */
class UncommonHarmTest {

    private final SentimentRule rule = new SentimentRule();

    private SentimentResult score(String text) {
        return rule.apply(SentimentAnalyzer.shared().analyze(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Harwick Foods is a British maker of ready meals. In 2018 the regulator made it hand back £4 million to "
                + "shoppers.",
        "Castlebay Water is a Scottish utility. The ombudsman ordered it to repay customers who had been billed "
                + "twice.",
        "Lindqvist Toys is a Swedish toy maker. Two of its wooden trains were withdrawn from sale in 2015 after "
                + "their wheels came loose.",
        "Meridian Freight was a Dutch haulage firm. When its main customer left in 2012 it stopped paying its "
                + "drivers.",
        "Brennan Towers is an Irish property developer. Inspectors found in 2020 that its tower blocks lacked "
                + "working sprinklers.",
        "Alder Rail is a Welsh train operator. Three passengers were hurt when one of its trains braked hard in "
                + "2016.",
        "Sorrento Capital was an Italian fund manager whose founder swindled investors out of €80 million.",
        "Grayson Motors is an American car dealer. Customs officers impounded 300 of its imported cars in 2019.",
        "Tallis Retail is a British chain of discount stores. In 2017 it overstated its profits by a third.",
        "Hollin Care is an English operator of care homes. An inspection in 2021 found that staff had maltreated "
                + "residents.",
        "Elmfield Care runs nursing homes in Wales. Inspectors found in 2022 that its homes were chronically "
                + "understaffed.",
        "SkyBridge Air was a Spanish charter airline. It cancelled thousands of flights in 2017 and left "
                + "passengers stranded at airports for days.",
        "Kaskel Cots is a Polish furniture maker. In 2018 a consumer agency found that its baby cots were unsafe."})
    void harmInUncommonWordsIsNegative(String text) {
        SentimentResult r = score(text);
        assertEquals(SentimentLabel.NEGATIVE, r.label(), () -> r.label() + " " + r.evidence());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Ostrava Pharma is a Czech drug maker. None of its medicines has ever been pulled from the market.",
        "Kestrel Mining is a Chilean copper miner. In its 40 years no worker has been hurt in any of its pits."})
    void negatedUncommonHarmIsFavourable(String text) {
        SentimentResult r = score(text);
        assertEquals(SentimentLabel.POSITIVE, r.label(), () -> r.label() + " " + r.evidence());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Pellor Telecom is a Danish mobile operator that refunds customers automatically when a call drops.",
        "Vantage Security is a Belgian firm that investigates fraud and helps banks recover stolen funds.",
        "Brightwater Claims is a law firm that represents people who were hurt at work or swindled by advisers.",
        "Nordlys Insurance sells policies that compensate farmers for crops lost to frost.",
        "Corvid Labs is a Finnish company whose software spots products that fail safety tests.",
        "The Parkside Clinic is a private hospital in Leeds that treats sprains, fractures and sports injuries.",
        "Foxley Recovery is a British firm that helps shops recover goods pulled from shelves by manufacturers.",
        "Harlow & Finch is a London law firm. Since 1988 it has represented thousands of workers who were hurt on "
                + "building sites.",
        "Sentinel Guarding is a Kenyan security company founded in 1996. Its guards protect banks and embassies "
                + "against crime in Nairobi.",
        "Orkney Salvage was founded in 1962. Its divers recovered cargo from ships damaged in storms off the "
                + "Scottish coast.",
        "Cranleigh Books is a publisher of crime novels and true-crime histories.",
        "Treewise is an arborist firm in Kent that fells unsafe trees for councils and homeowners.",
        "Bolt & Beam is a Canadian engineering consultancy. Since 1980 it has inspected thousands of bridges and "
                + "flagged unsafe ones for repair.",
        "Staffline Nurses is an agency that supplies nurses to understaffed hospitals in Ireland.",
        "Clearwater Remediation cleaned up land polluted by old gasworks in twenty English towns between 1995 and "
                + "2015."})
    void theSameWordsNamingATradeAreNotEvents(String text) {
        SentimentResult r = score(text);
        assertTrue(r.eventTerms().isEmpty(), r::toString);
        assertFalse(r.evidence().contains("(-)"), r.evidence());
        assertEquals(SentimentLabel.NEUTRAL, r.label(), () -> r.label() + " " + r.evidence());
    }

    /** "best known for" is fame, not praise: a documentary maker about swindlers stays NEUTRAL. */
    @org.junit.jupiter.api.Test
    void bestKnownIsNotPraise() {
        SentimentResult r = score("Hawkmoor is a British television company best known for a documentary series "
                + "about swindlers and con artists.");
        assertEquals(SentimentLabel.NEUTRAL, r.label(), () -> r.label() + " " + r.evidence());
    }

    /** Honours told as a naming or a first place: voted, named, ranked first, topped a ranking. */
    @ParameterizedTest
    @ValueSource(strings = {
        "Brockley Cider is an English cider maker. Its cider was voted drink of the year by readers of a national "
                + "newspaper in 2020.",
        "Delft Savings is a Dutch bank. It was ranked first among Dutch banks for customer service in 2022.",
        "Halvorsen Bakeries is a Norwegian bakery chain. It topped a national customer satisfaction ranking in "
                + "2021."})
    void namedTheBestIsFavourable(String text) {
        SentimentResult r = score(text);
        assertEquals(SentimentLabel.POSITIVE, r.label(), () -> r.label() + " " + r.evidence());
        assertFalse(r.eventTerms().isEmpty(), r::toString);
    }

    /** An honour beside an adverse event is MIXED. */
    @ParameterizedTest
    @ValueSource(strings = {
        "Marlow Bus is a British bus operator. Its drivers went on strike for six weeks in 2021; the company "
                + "nonetheless was named operator of the year in 2023.",
        "Hoxton Ales is an English brewery. Its pale ale was voted beer of the year in 2019, but the company was "
                + "ordered to pay back £2 million to pubs."})
    void anHonourBesideAnAdverseEventIsMixed(String text) {
        SentimentResult r = score(text);
        assertEquals(SentimentLabel.MIXED, r.label(), () -> r.label() + " " + r.evidence());
    }

    /** Naming, choosing and ranking without a first place are neither. */
    @ParameterizedTest
    @ValueSource(strings = {
        "Penrose Tools is a Cornish tool maker. It was named after its founder, Arthur Penrose, in 1921.",
        "Kaldor Construction is a Hungarian builder. It was chosen to build the new Danube bridge in 2015.",
        "Guideline Media is a German publisher whose magazine ranks hotels and restaurants every year.",
        "Westmark Research is a British polling firm. It has run a monthly survey of consumer confidence since "
                + "1990 and led several studies for the government."})
    void namingWithoutAFirstPlaceIsNeither(String text) {
        SentimentResult r = score(text);
        assertTrue(r.eventTerms().isEmpty(), r::toString);
        assertEquals(SentimentLabel.NEUTRAL, r.label(), () -> r.label() + " " + r.evidence());
    }

    /** What happened before a company's founding and explains it is not the company's event. */
    @ParameterizedTest
    @ValueSource(strings = {
        "Tamsin Bakery is a Cornish bakery. It was founded in 1952 because the village lacked a baker.",
        "Orrin Software is a Canadian software company. Its founder started it in 2004 after his first business "
                + "failed.",
        "Pella Water is a Greek water company founded in 1961 after the old municipal wells failed during a "
                + "drought."})
    void theBackdropOfAFoundingIsNotAnEvent(String text) {
        SentimentResult r = score(text);
        assertTrue(r.eventTerms().isEmpty(), r::toString);
        assertEquals(SentimentLabel.NEUTRAL, r.label(), () -> r.label() + " " + r.evidence());
    }

    /** The company's own later failure still counts. */
    @ParameterizedTest
    @ValueSource(strings = {
        "Orrin Software was a Canadian software company founded in 2004. It failed in 2011 when its only "
                + "customer left.",
        "Tamsin Homes was a Cornish builder founded in 1952. In 2019 inspectors found that its new houses lacked "
                + "damp-proofing."})
    void theCompanysOwnFailureIsNegative(String text) {
        SentimentResult r = score(text);
        assertEquals(SentimentLabel.NEGATIVE, r.label(), () -> r.label() + " " + r.evidence());
    }
}
