package org.fangsentiment.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 29, fourth round: duties imposed on the company, people left without what they were owed, falls by a share,
 * officers removed, money diverted, legal limits passed, bottom grades, failure to pay, projects over budget, bars;
 * negation by "no" over a noun phrase and by "yet to"; "highly regarded"; honours in relative clauses; praise of a
 * product that an adverse event befell; harm told as smaller than others'; accidents in a founder's family; and the
 * cases where none of these may fire (trades, possibilities, other parties, negations, falls that are good news,
 * counts with "fewer than"). Every sentence was written for this test; none is from a labelled
 * file.
 */
class FourthRoundTest {

    private final SentimentRule rule = new SentimentRule();

    private SentimentResult score(String text) {
        return rule.apply(SentimentAnalyzer.shared().analyze(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Harlow Buses is an English bus operator. In 2016 the transport authority required it to replace 40 of its "
                + "vehicles.",
        "Corvin Meats is a Polish sausage maker. In 2019 it was required to hire an independent safety auditor.",
        "Tessaro Marble is an Italian quarry company. Flooding in 2012 forced it to abandon two of its pits.",
        "Baxley Foods is a Welsh bakery chain. In 2020 it had to pay £3 million to customers who had bought "
                + "mislabelled bread.",
        "Orrin Homes is a Danish builder. In 2014 four of its houses were demolished by order of the municipal court.",
        "Kelso Travel was a Scottish tour operator. When it stopped trading in 2017, it left 9,000 holidaymakers "
                + "without flights home.",
        "Pellmar Telecom is a Greek phone company. Its share price fell by 60 percent in 2011.",
        "Anvik Shipping is a Norwegian shipowner. In 2015 its shareholders dismissed the chief executive and the "
                + "entire board.",
        "Fairhaven Charity Shops is a British retail chain. In 2018 its treasurer diverted £800,000 of donations to "
                + "a private account.",
        "Grenmoor Paints is a German paint maker. In 2016 its plant released solvents at six times the permitted "
                + "level.",
        "Sheldrake Nurseries is an Australian childcare group. Government inspectors rated five of its centres "
                + "unsatisfactory in 2022.",
        "Lorne Haulage is a Canadian haulier. Since 2020 it has been unable to pay several of its drivers.",
        "Marrick Construction is an Irish builder. Its new hospital wing opened three years late and far over budget.",
        "Quenby Logistics is a Dutch freight firm. In 2021 a court found that it had not honoured its debts to "
                + "suppliers.",
        "Tolland Care is an English care-home operator. In 2019 it was barred from taking new residents.",
        "Tarn Appliances is a Czech maker of kettles. In 2020 it recalled 50,000 of its award-winning kettles."})
    void dutiesAndHarmInUncommonWordsAreNegative(String text) {
        SentimentResult r = score(text);
        assertEquals(SentimentLabel.NEGATIVE, r.label(), () -> r.label() + " " + r.evidence());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Ridgeway Compliance is a British consultancy that helps banks that are required to report suspicious "
                + "payments.",
        "Harbour Shield is a Dutch company that builds flood walls. Its software estimates how many homes could be "
                + "flooded and how many people might be hurt in a storm.",
        "Norland Money Advice is a Swedish charity that helps families who have been left without income.",
        "Veritas Audit is a Belgian firm whose accountants trace money that fraudsters have diverted from charities.",
        "Lindqvist Environmental is a Swedish laboratory that tests whether drinking water contains lead above the "
                + "legal limit.",
        "Brookfield Search is a British agency that finds interim managers for companies that have dismissed their "
                + "chief executive.",
        "Castel Stone is a French stone producer. In 2018 it was chosen to supply stone for the restoration of a "
                + "cathedral.",
        "Alder Bank is a Scottish bank founded in 1995. It grew steadily while many rival lenders were forced to "
                + "close during the crisis of 2008.",
        "Bexley Recovery is a British firm that repossesses cars from borrowers who were unable to pay their loans.",
        "Rankwell Guides is a British publisher. Each year its inspectors rate hundreds of care homes and list those "
                + "they find inadequate.",
        "Haldane Cement is a Portuguese cement maker. Since 2010 its emissions have fallen by 40 percent.",
        "Saxby Fencing is an English fencing maker. It was named after the village where it was founded."})
    void tradesPossibilitiesAndOthersAreNotAdverse(String text) {
        SentimentResult r = score(text);
        assertEquals(SentimentLabel.NEUTRAL, r.label(), () -> r.label() + " " + r.evidence());
        assertFalse(r.evidence().contains("(-)"), r::evidence);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Penwith Dairy is a Cornish dairy. In forty years it has never had to pay compensation to a customer.",
        "Skerry Ferries is a Scottish ferry operator. Inspectors have found no record of a collision involving its "
                + "boats since 1990.",
        "Corrie Knitwear is a Scottish knitwear maker. Its jumpers are highly regarded by fashion editors.",
        "Mirel Engineering is a Romanian firm that developed a bridge design which won a national engineering prize "
                + "in 2015.",
        "Alva Water is a Spanish water utility. Regulators have yet to find a single case of contamination in its "
                + "supply."})
    void negatedDutiesAndHarmAndLessCommonPraiseArePositive(String text) {
        SentimentResult r = score(text);
        assertEquals(SentimentLabel.POSITIVE, r.label(), () -> r.label() + " " + r.evidence());
        assertFalse(r.evidence().contains("(-)"), r::evidence);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Kinross Water is a Scottish water utility. Less of its water is lost through burst mains than at any other "
                + "utility in Britain.",
        "Morven Quarries is a Welsh slate quarry. Fewer of its workers have been injured over the past decade than at "
                + "any other quarry in Wales."})
    void harmSmallerThanOthersIsARecord(String text) {
        SentimentResult r = score(text);
        assertEquals(SentimentLabel.POSITIVE, r.label(), () -> r.label() + " " + r.evidence());
        assertFalse(r.evidence().contains("(-)"), r::evidence);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Dunmore Textiles is an Irish linen mill. In 2009 it cut 120 jobs, and fewer than 20 of its workers were "
                + "rehired.",
        "Calder Glass is an English glassworks. Fewer than ten of its 300 workers were injured in the explosion that "
                + "destroyed its furnace in 2004.",
        "Harrow Ropes is an English rope maker. In 2003 a fire destroyed its main warehouse."})
    void countsAndTheCompanysOwnAccidentsStayAdverse(String text) {
        SentimentResult r = score(text);
        assertEquals(SentimentLabel.NEGATIVE, r.label(), () -> r.label() + " " + r.evidence());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Brandt Alarms is a German maker of smoke alarms. It was founded in 1961 by Otto Brandt, whose father had "
                + "been killed in a house fire.",
        "Sorensen Marine Safety is a Danish maker of lifejackets. Its founder started the firm after his brother "
                + "drowned in a sailing accident in 1978."})
    void accidentsInAFoundersFamilyAreNoEvent(String text) {
        SentimentResult r = score(text);
        assertEquals(SentimentLabel.NEUTRAL, r.label(), () -> r.label() + " " + r.evidence());
    }
}
