package org.fangsentiment.sentiment;

import edu.stanford.nlp.process.Morphology;
import edu.stanford.nlp.trees.Tree;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds {@link EventLexicon} words in a sentence's constituency tree (the unbinarised parse the pipeline already
 * computes) and tells an <b>event</b> that happened to or was done by the company from a word that names its
 * <b>trade</b>. Reading the tree costs nothing beyond the parse; no dependency graphs are built.
 *
 * <p>A word names a trade, and counts for nothing, when it is
 * <ol>
 *   <li>a non-final part of a hyphenated word ("<i>fire</i>-resistant doors", "<i>crash</i>-barrier maker");</li>
 *   <li>a noun, gerund or participle among a noun phrase's modifiers before its head noun ("<i>accident</i>
 *       insurance", "<i>crash</i> barriers", "<i>leak</i> sensors"); an adjective there still counts
 *       ("<i>defective</i> brakes", "<i>acclaimed</i> designs"), since adjectives evaluate;</li>
 *   <li>inside a complement of a noun that names a line of business ("a specialist in <i>insolvency</i>",
 *       "prevention of <i>theft</i>");</li>
 *   <li>in a finite clause in the present tense without a past participle: company histories report events in
 *       the past or perfect ("was fined", "has recalled"), a present-tense clause describes what the company does
 *       ("its scanners spot <i>fraud</i> in card payments");</li>
 *   <li>inside the object or complement of a verb that names a line of business ("repairs <i>storm</i> damage",
 *       "insures shipowners against <i>collision</i>", "helps retailers fight <i>shoplifting</i>"), but not in a
 *       time or cause adjunct ("offered refunds after the <i>recall</i>"); or in a clause stating a condition or a
 *       general case ("if the cargo is <i>lost</i>"); or in a time or cause adjunct of a founding verb, the
 *       backdrop of the founding ("founded because the village <i>lacked</i> a baker").</li>
 * </ol>
 * Anything else is an event: the head of a verb phrase ("the refinery <i>exploded</i>"), a noun phrase head
 * governed by the clause ("announced the <i>recall</i> of 8,000 heaters", "<i>lost</i> its licence"), a word in a
 * prepositional phrase attached to such a verb ("pleaded guilty to <i>bribery</i>"). Negation scopes come from
 * {@link NegationScopes}; a negated adverse event counts as favourable ("has not had a <i>fatal</i> derailment
 * since 1990").
 *
 * <p>Issue 29, fourth round ({@code fourthRound}): duties imposed on the company ("was <i>required</i> to submit a
 * plan", "<i>forced</i> it to close", "<i>had to</i> pay", "by <i>order</i> of the court"), people left without
 * what they were owed, falls by a share, officers removed, money diverted, legal limits passed, bottom grades,
 * failure to pay, projects over budget and "highly regarded" are events; "no" negates its whole noun phrase and
 * "yet to" the rest of its clause; a modal of possibility ("might be killed") makes an event a condition; an
 * honour in a past-tense relative clause is not a trade verb's object; a favourable word in what an adverse event
 * befell ("a recall of its <i>best-selling</i> cream") counts for nothing ({@link EventDecision.Kind#HARMED_OBJECT});
 * harm told as smaller than others' ("fewer of its workers have been <i>injured</i> than at any other mine") counts
 * like a negation; an accident in a founder's family ("whose father had been <i>killed</i> in a fire") is no event.
 */
final class EventDetector {

    /** Verbs whose objects are what a company makes, sells or does for customers. */
    static final Set<String> TRADE_VERBS = Set.of(
            "provide", "offer", "develop", "manufacture", "produce", "sell", "supply", "design", "build",
            "specialise", "specialize", "focus", "concentrate", "handle", "manage", "prevent", "detect", "fight",
            "combat", "investigate", "advise", "consult", "help", "assist", "protect", "insure", "clean", "remove",
            "test", "train", "represent", "defend", "process", "audit", "monitor", "screen", "track", "treat",
            "repair", "restore", "collect", "respond", "study", "research", "teach", "publish", "report", "cover",
            "organise", "organize", "host", "distribute", "install", "market", "serve", "deal", "mitigate",
            "reduce", "avoid", "predict", "analyse", "analyze", "simulate", "measure", "inspect", "certify",
            "recover", "litigate", "document", "write", "film", "guard", "secure", "trace", "stage", "retrieve",
            "rebuild", "reconstruct", "recreate", "rig", "perform", "salvage", "extract",
            "resolve", "minimise", "minimize", "survive", "withstand", "resist", "cater", "tackle", "recognise",
            "recognize", "identify", "spot", "flag", "block", "uncover", "expose", "fund", "finance", "underwrite");

    /** Verbs of a company's founding: their time or cause adjuncts tell its backdrop, not its events. */
    static final Set<String> FOUNDING_VERBS = Set.of(
            "found", "establish", "start", "create", "form", "launch", "set", "begin", "incorporate");

    /** Nouns naming a line of business, a product or a service: their complements name the field. */
    static final Set<String> TRADE_NOUNS = Set.of(
            "specialist", "expert", "provider", "maker", "manufacturer", "supplier", "producer", "developer",
            "vendor", "firm", "consultancy", "consultant", "lawyer", "attorney", "practice", "insurer", "insurance",
            "software", "service", "equipment", "solution", "system", "platform", "product", "tool", "law",
            "investigator", "prevention", "protection", "detection", "management", "response", "cleanup",
            "clean-up", "testing", "recovery", "removal", "control", "reduction", "monitoring", "analysis",
            "research", "training", "treatment", "repair", "remediation", "compliance", "defence", "defense",
            "litigation", "advice", "advisory", "consulting", "expertise", "coverage", "study", "book", "film",
            "documentary", "course", "organiser", "organizer", "specialty", "speciality", "leader", "pioneer",
            "simulation", "investigation", "victim", "claim", "risk", "kind", "type", "sort");

    /** Adjectives that evaluate what they modify: these count even among a noun phrase's modifiers. */
    static final Set<String> EVALUATIVE_ADJECTIVES = Set.of(
            "fraudulent", "corrupt", "deceptive", "fatal", "defective", "faulty", "controversial", "guilty",
            "bankrupt", "insolvent", "acclaimed", "award-winning", "prize-winning", "renowned", "prestigious",
            "celebrated", "beloved", "outstanding", "excellent", "best-selling", "bestselling", "successful",
            "profitable", "record-breaking");

    /** Words opening a clause that states a condition or a general case, not something that happened. */
    static final Set<String> HYPOTHETICAL = Set.of("if", "whenever", "unless", "how", "whether", "where");

    /** Words opening a clause that is generic in the present tense and an event in the past ("when it was fined"). */
    static final Set<String> GENERIC_IN_PRESENT = Set.of("when", "once", "wherever");

    /**
     * Nouns that name a proceeding or an incident: a lexicon word modifying one of them names the event's kind
     * ("bankruptcy proceedings", "bribery charges", "a fraud trial"), not a trade.
     */
    static final Set<String> EVENT_HEADS = Set.of(
            "proceeding", "charge", "case", "trial", "investigation", "probe", "inquiry", "scandal", "allegation",
            "conviction", "protection", "settlement", "lawsuit", "suit", "accusation", "incident", "affair",
            "crisis", "filing", "ruling", "verdict", "hearing", "order");

    /** Objects that make "win"/"award" a business deal rather than an honour ("won a contract"). */
    static final Set<String> DEAL_NOUNS = Set.of(
            "contract", "tender", "bid", "deal", "order", "concession", "licence", "license", "franchise",
            "customer", "client", "account", "share", "stake", "seat", "vote", "election", "right", "permit", "approval",
            "planning");

    /** Verb + object pairs that report job cuts and closures ("cut 900 jobs", "closed two of its mills"). */
    static final Set<String> CUT_VERBS = Set.of("cut", "shed", "eliminate", "axe", "slash");
    static final Set<String> JOB_NOUNS = Set.of("job", "worker", "employee", "staff", "position", "workforce");
    static final Set<String> CLOSE_VERBS = Set.of("close", "shut");
    static final Set<String> SITE_NOUNS = Set.of(
            "plant", "factory", "mill", "mine", "store", "shop", "site", "branch", "office", "smelter", "refinery",
            "outlet", "restaurant", "hotel", "yard", "shipyard", "depot", "warehouse");

    /**
     * Remedies that regulators and courts impose, when another verb compels them ("was ordered to <i>refund</i>
     * borrowers", "required it to <i>withdraw</i> the product"): alone ("refunds customers") they are trade or
     * service.
     */
    static final Set<String> REMEDY_VERBS = Set.of(
            "refund", "compensate", "repay", "reimburse", "withdraw", "recall", "relabel", "destroy", "pay",
            "divest", "suspend", "close", "cease", "stop", "cut", "curtail", "halt", "reduce");
    static final Set<String> COMPELLING_VERBS = Set.of(
            "order", "require", "force", "compel", "direct", "instruct", "make");

    /** Verbs that are a remedy with the particle "back" ("made it hand back A$27 million", "pay back customers"). */
    static final Set<String> BACK_REMEDY_VERBS = Set.of("hand", "give", "pay");

    /** Verbs that take a product off the market with "from" + one of {@link #SALE_NOUNS} ("withdrawn from sale"). */
    static final Set<String> WITHDRAW_VERBS = Set.of("withdraw", "pull", "remove", "take");
    static final Set<String> SALE_NOUNS = Set.of("sale", "market", "shelf", "shop", "store");

    /**
     * Verbs that report an honour when a superlative or "of the year" follows in the same clause ("was voted beer
     * of the year", "named the best small airline", "ranked first among Dutch banks"): alone ("named after its
     * founder", "chosen to build the bridge") they are neither.
     */
    static final Set<String> NAMING_VERBS = Set.of("name", "vote", "choose", "crown", "select", "rank", "rate");
    static final Set<String> TOP_WORDS = Set.of("best", "top", "first", "finest", "greatest", "highest");

    /** Verbs that report a first place with a ranking as their object ("topped a national ranking"). */
    static final Set<String> TOPPING_VERBS = Set.of("top", "head", "lead");
    static final Set<String> RANKING_NOUNS = Set.of("ranking", "league", "table", "poll", "survey", "chart", "index");

    /**
     * Verbs that tell harm as what happened to its victims ("six of the guests died", "eleven of whom drowned"):
     * they count only when the victims are counted or plural, so "its founder died in 1950" is no event (issue 29,
     * third round). "fall ill" / "fall sick" is read the same way.
     */
    static final Set<String> VICTIM_VERBS = Set.of("die", "drown", "perish", "suffocate", "sicken");
    static final Set<String> ILL_WORDS = Set.of("ill", "sick");
    /** Subjects whose death is a life story, not harm: "its two founders died in the 1980s". */
    static final Set<String> LIFE_STORY_NOUNS = Set.of(
            "founder", "owner", "son", "daughter", "brother", "sister", "partner", "director", "chairman",
            "wife", "husband", "father", "mother", "heir", "family", "parent", "grandson", "granddaughter");
    /** Quantifiers that count a subject: "many of its workers", "no passenger". */
    static final Set<String> COUNTING_WORDS = Set.of(
            "many", "several", "dozens", "hundreds", "thousands", "some", "no", "none", "all", "most", "both");

    /** Verbs that take away a permit with one of {@link #PERMIT_NOUNS} as object ("withdrew its operating permit"). */
    static final Set<String> PERMIT_VERBS = Set.of("withdraw", "cancel", "pull", "strip", "annul", "rescind");
    static final Set<String> PERMIT_NOUNS = Set.of(
            "permit", "licence", "license", "accreditation", "authorisation", "authorization", "certificate",
            "certification", "registration", "approval", "charter");

    /** Growth told as a multiple: "tripled its workforce", "sales have risen sevenfold". */
    static final Set<String> MULTIPLY_VERBS = Set.of("double", "triple", "treble", "quadruple");
    static final Set<String> RISE_VERBS = Set.of("rise", "grow", "increase", "climb", "jump", "multiply", "expand");
    /** What growing is bad news for: "its debts doubled", "costs rose fivefold". */
    static final Set<String> BAD_GROWTH_NOUNS = Set.of(
            "cost", "price", "loss", "debt", "complaint", "deficit", "fine", "claim", "liability", "emission",
            "death", "injury", "accident", "arrear", "fee", "tariff", "rent", "bill");

    /** A first place: "took first place at", "claimed the top prize". */
    static final Set<String> PLACE_NOUNS = Set.of("place", "prize", "spot", "honour", "honor", "position");

    /** Words opening a concessive clause whose events, when they befell other parties, are the backdrop. */
    static final Set<String> CONCESSIVE = Set.of("while", "although", "though", "whereas", "whilst");

    /** "stopped paying its crews", "ceased paying wages": payments withheld. */
    static final Set<String> STOP_VERBS = Set.of("stop", "cease");

    /** Issue 29, fourth round: compelling verbs whose object or passive subject is made to do anything. */
    static final Set<String> DUTY_VERBS = Set.of("order", "require", "force", "compel", "oblige", "obligate");

    /** Nouns of a legal duty or debt: "honoured" with one of them is paying, not praise ("not honoured its debts"). */
    static final Set<String> OBLIGATION_NOUNS = Set.of(
            "judgment", "judgement", "debt", "obligation", "commitment", "payment", "guarantee", "warranty",
            "pledge", "promise", "bill", "invoice", "loan", "bond", "award", "claim", "settlement");

    /** Verbs of falling by a share: "its market value fell by 80 percent", "sales fell by half". */
    static final Set<String> FALL_VERBS = Set.of("fall", "drop", "decline", "sink", "shrink", "tumble", "slide");
    static final Set<String> SHARE_WORDS = Set.of("percent", "per", "%", "half", "third", "quarter", "two-thirds",
            "three-quarters");

    /** Verbs that remove officers, with one of {@link #OFFICER_NOUNS} as object ("dismissed its chief executive"). */
    static final Set<String> OUST_VERBS = Set.of("dismiss", "oust", "sack", "fire", "remove", "depose", "replace");
    static final Set<String> OFFICER_NOUNS = Set.of(
            "executive", "ceo", "director", "board", "chairman", "chairwoman", "chair", "president", "management",
            "manager", "founder", "owner", "officer");

    /** Verbs that divert money ("diverted $4.2 million of public funding"), with money as object. */
    static final Set<String> DIVERT_VERBS = Set.of("divert", "misdirect", "funnel");
    static final Set<String> MONEY_NOUNS = Set.of(
            "money", "fund", "funding", "cash", "saving", "deposit", "payment", "proceeds", "donation", "grant",
            "subsidy", "dollar", "euro", "pound", "million", "billion", "revenue", "profit", "contribution");

    /** A legal limit ("permitted level", "legal minimum"), and the words that say it was passed. */
    static final Set<String> LIMIT_NOUNS = Set.of("limit", "level", "maximum", "minimum", "threshold", "standard");
    static final Set<String> LIMIT_QUALIFIERS = Set.of(
            "legal", "permitted", "permissible", "allowed", "allowable", "statutory", "safe", "regulatory",
            "prescribed", "authorised", "authorized", "approved", "lawful");
    static final Set<String> PASSING_WORDS = Set.of(
            "above", "over", "beyond", "exceed", "exceeding", "exceeded", "times", "below", "under", "breach",
            "breached", "surpass", "surpassed");

    /** Grades at the bottom of an inspection or ranking ("rated inadequate", "ranked among the worst"). */
    static final Set<String> BOTTOM_WORDS = Set.of("worst", "inadequate", "unsatisfactory", "poorest", "failing",
            "substandard", "unacceptable");
    static final Set<String> GRADING_VERBS = Set.of("rate", "rank", "grade", "judge", "deem", "name", "vote", "list",
            "classify", "class", "find", "declare");

    /** Adverbs that make a verb of esteem praise: "highly regarded", "well respected". */
    static final Set<String> ESTEEM_ADVERBS = Set.of("highly", "well", "widely", "greatly");
    static final Set<String> ESTEEM_PARTICIPLES = Set.of(
            "regarded", "respected", "rated", "esteemed", "valued", "admired", "praised", "acclaimed", "reviewed",
            "recommended", "thought", "appreciated");

    /** Modals of possibility: an event they govern is a possibility ("how many people might be killed"). */
    static final Set<String> POSSIBILITY_MODALS = Set.of("might", "may", "could", "can", "should");

    /** Prepositions of time and cause: a phrase they head is an adjunct, not what a trade verb's object names. */
    static final Set<String> ADJUNCT_PREPOSITIONS = Set.of(
            "after", "before", "since", "during", "following", "despite", "amid", "until", "because", "due",
            "when", "while", "as");

    /** Prepositions that open a complement, not an adjunct, even when the parser heads a clause with them. */
    static final Set<String> OBJECT_PREPOSITIONS = Set.of("from", "of", "with", "into", "on", "against");

    private EventDetector() {}

    /** Lemma of each token, lower case (Morphology needs the tag; it loads no model). */
    static List<String> lemmas(List<Tree> leaves, TreeIndex tree) {
        List<String> lemmas = new ArrayList<>(leaves.size());
        for (Tree leaf : leaves) {
            lemmas.add(lemma(leaf.value(), tag(tree, leaf)));
        }
        return lemmas;
    }

    static String lemma(String word, String tag) {
        return Morphology.lemmaStatic(word, tag).toLowerCase(Locale.ROOT);
    }

    /** Every lexicon word in the sentence whose tree is indexed by {@code tree}, in token order. */
    static List<EventMention> find(TreeIndex tree, List<NegationScope> negations) {
        List<Tree> leaves = tree.leaves();
        List<String> lemmas = lemmas(leaves, tree);
        List<EventMention> found = new ArrayList<>();
        for (int i = 0; i < leaves.size(); i++) {
            Tree leaf = leaves.get(i);
            String tag = tag(tree, leaf);
            EventLexicon.Entry entry = null;
            EventDecision decision = null;
            int span = 1;
            Tree head = leaf;
            boolean compound = i + 2 < leaves.size() && leaves.get(i + 1).value().equals("-");
            if (compound) { // CoreNLP splits "fraud-detection" into fraud, -, detection
                Tree last = leaves.get(i + 2);
                String word = leaf.value() + "-" + last.value();
                entry = EventLexicon.match(word.toLowerCase(Locale.ROOT), tag(tree, last), List.of(), 0);
                if (entry == null) {
                    entry = EventLexicon.match(lemmas.get(i), "NN", List.of(), 0);
                    if (entry != null) {
                        decision = new EventDecision(EventDecision.Kind.COMPOUND_PART,
                                "part of the compound '" + word + "'");
                    }
                } else {
                    span = 3;
                    head = last;
                }
            } else {
                entry = EventLexicon.match(lemmas.get(i), tag, lemmas, i);
                if (entry != null) {
                    span = entry.lemmas().length;
                }
            }
            if (entry == null && !compound) {
                String word = leaf.value();
                String[] parts = word.split("-");
                for (int k = 0; k < parts.length && parts.length > 1 && entry == null; k++) {
                    if (parts[k].isEmpty()) {
                        continue;
                    }
                    boolean last = k == parts.length - 1;
                    entry = EventLexicon.match(lemma(parts[k], last ? tag : "NN"), last ? tag : "NN", List.of(), 0);
                    if (entry != null && !last) {
                        decision = new EventDecision(EventDecision.Kind.COMPOUND_PART,
                                "part of the compound '" + word + "'");
                    }
                }
            }
            if (entry == null) {
                entry = verbObjectPair(tree, leaf, lemmas.get(i));
            }
            boolean afterTo = i > 0 && leaves.get(i - 1).value().equalsIgnoreCase("to");
            if (entry == null && isRemedy(lemma(leaf.value(), "VB"), lemmas, i) && compelled(tree, leaf, afterTo)) {
                entry = EventLexicon.match("compelled", "NN", List.of("compelled", "remedy"), 0);
            }
            if (entry == null && WITHDRAW_VERBS.contains(lemmas.get(i)) && tag.startsWith("VB")
                    && fromSale(tree, leaf)) {
                entry = EventLexicon.match("recall", "NN", List.of(), 0);
            }
            if (entry == null && tag.startsWith("VB") && honour(leaves, lemmas, tree, i)) {
                entry = EventLexicon.match("acclaim", "VBN", List.of(), 0); // an honour, like acclaim
            }
            int shownFrom = i; // where the evidence phrase is centred
            String shown = null; // or the phrase itself
            if (entry == null && lemmas.get(i).equals("pay") && tag.equals("VBG") && i > 0
                    && STOP_VERBS.contains(lemmas.get(i - 1))) {
                entry = EventLexicon.match("withhold", "VB", List.of(), 0);
                shownFrom = i - 1; // "stopped paying its crews", not "paying its crews"
            }
            if (entry == null) {
                entry = thirdRound(tree, leaves, lemmas, i, tag);
            }
            boolean fourth = false;
            if (entry == null) {
                entry = fourthRound(tree, leaves, lemmas, i, tag);
                fourth = entry != null;
                if (entry != null) {
                    shownFrom = fourthRoundShownFrom(tree, leaves, lemmas, i, entry);
                    if (LIMIT_NOUNS.contains(lemmas.get(i)) && shownFrom < i) { // "35 times the legal limit"
                        List<String> words = new ArrayList<>();
                        for (int t = Math.max(0, Math.max(shownFrom - 2, i - 7)); t <= i; t++) {
                            words.add(leaves.get(t).value());
                        }
                        shown = Tokens.join(words);
                    }
                }
            }
            if (entry == null) {
                continue;
            }
            boolean negated = negated(negations, i) || negatedByDeterminer(tree, leaf) || yetTo(leaves, i)
                    || entry.category().side() == EventLexicon.Side.ADVERSE && comparedBelowOthers(tree, leaf);
            if ((entry.term().equals("honour") || entry.term().equals("honor")) && tag.startsWith("VB")
                    && objectHas(tree, leaf, OBLIGATION_NOUNS)) {
                if (!negated) { // "honoured all its debts": paying what was due, not an honour
                    decision = new EventDecision(EventDecision.Kind.DEAL, "honoured an obligation");
                } else { // "has not honoured a single one of the judgments": payment withheld
                    entry = EventLexicon.match("withhold", "VB", List.of(), 0);
                    negated = false;
                }
            }
            if (decision == null) {
                decision = classify(tree, head, entry);
                if (fourth && decision.kind() == EventDecision.Kind.EVENT && othersRelative(tree, leaf)) {
                    decision = new EventDecision(EventDecision.Kind.OTHER_PARTIES, "relative clause about others");
                }
                if (decision.kind() == EventDecision.Kind.EVENT && entry.category().name().startsWith("accidents")
                        && familyStory(tree, leaf)) {
                    decision = new EventDecision(EventDecision.Kind.OTHER_PARTIES, "a family member's life story");
                }
                if (decision.kind() == EventDecision.Kind.PRESENT_TENSE && yetTo(leaves, i)) {
                    decision = new EventDecision(EventDecision.Kind.EVENT, "'have yet to': a record to date");
                }
            }
            found.add(new EventMention(i, entry.term(), entry.category().name(), entry.category().side(), decision,
                    negated, shown != null ? shown : phrase(tree, leaves.get(shownFrom), shownFrom, negations)));
            i += span - 1;
        }
        for (int k = 0; k < found.size(); k++) {
            EventMention m = found.get(k);
            if (m.side() != EventLexicon.Side.FAVOURABLE || !m.event() || tag(tree, leaves.get(m.token())).startsWith("VB")) {
                continue;
            }
            for (EventMention a : found) {
                if (a.side() == EventLexicon.Side.ADVERSE && a.event() && !a.negated() && a.token() < m.token()
                        && inObjectOf(tree, leaves.get(a.token()), m.token())) {
                    found.set(k, new EventMention(m.token(), m.term(), m.category(), m.side(),
                            new EventDecision(EventDecision.Kind.HARMED_OBJECT, "describes what '" + a.term()
                                    + "' befell"), m.negated(), m.phrase()));
                    break;
                }
            }
        }
        return found;
    }

    /**
     * The token lies in the object or complement of the adverse word {@code event} heads: a noun or prepositional
     * phrase after it in its own noun or verb phrase ("a recall of <i>its best-selling cream</i>", "recalled <i>its
     * award-winning heater</i>").
     */
    private static boolean inObjectOf(TreeIndex tree, Tree event, int token) {
        Tree pre = tree.parent(event);
        Tree phrase = tree.parent(pre);
        if (phrase == null || !(isNominal(phrase) || category(phrase).equals("VP"))) {
            return false;
        }
        Tree from = pre;
        if (isNominal(phrase) && tree.end(phrase) == tree.end(pre) && tree.parent(phrase) != null
                && isNominal(tree.parent(phrase))) { // (NP (NP a recall) (PP of (NP its best-selling cream)))
            from = phrase;
            phrase = tree.parent(phrase);
        }
        boolean after = false;
        for (Tree k : phrase.children()) {
            if (k == from) {
                after = true;
            } else if (after && (isNominal(k) || category(k).equals("PP"))
                    && tree.start(k) <= token && token < tree.end(k)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A naming verb followed in its clause, within eight tokens, by "of the year" or a word of first place, or a
     * topping verb whose next nouns include a ranking.
     */
    private static boolean honour(List<Tree> leaves, List<String> lemmas, TreeIndex tree, int at) {
        boolean naming = NAMING_VERBS.contains(lemmas.get(at));
        boolean topping = TOPPING_VERBS.contains(lemmas.get(at));
        if (!naming && !topping) {
            return false;
        }
        for (int k = at + 1; k < Math.min(leaves.size(), at + 9); k++) {
            String w = lemmas.get(k);
            String t = tag(tree, leaves.get(k));
            String word = leaves.get(k).value().toLowerCase(Locale.ROOT); // a gerund's lemma is "rank"
            if (topping && (t.startsWith("NN") || t.equals("VBG"))
                    && (RANKING_NOUNS.contains(w) || RANKING_NOUNS.contains(word))) {
                return true; // the tagger reads "a satisfaction ranking" with a gerund at times
            }
            if (t.equals(",") || t.equals(":") || t.equals(".") || t.equals("CC") || t.startsWith("VB")) {
                return false; // the clause or the phrase ends
            }
            if (naming && (TOP_WORDS.contains(w) || w.equals("year") && k >= 2 && lemmas.get(k - 2).equals("of"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Issue 29, third round: harm told by its victims (counted victims who died, drowned or fell ill), permits
     * withdrawn, growth told as a multiple, a first place, and "credit X with" as praise.
     */
    private static EventLexicon.Entry thirdRound(TreeIndex tree, List<Tree> leaves, List<String> lemmas, int i,
            String tag) {
        String lemma = lemmas.get(i);
        Tree leaf = leaves.get(i);
        if (lemma.equals("credit") && creditWith(tree, leaves, i, tag)) { // "credited the chain with" too
            return EventLexicon.match("acclaim", "VBN", List.of(), 0);
        }
        if (!tag.startsWith("VB")) {
            return null;
        }
        boolean fallIll = lemma.equals("fall") && i + 1 < lemmas.size() && ILL_WORDS.contains(lemmas.get(i + 1));
        if ((VICTIM_VERBS.contains(lemma) || fallIll) && countedVictims(tree, leaf)) {
            return fallIll ? EventLexicon.match("injure", "VB", List.of(), 0)
                    : EventLexicon.match("fatality", "NN", List.of(), 0);
        }
        Tree vp = tree.parent(tree.parent(leaf));
        if (vp == null || !category(vp).equals("VP")) {
            return null;
        }
        if (PERMIT_VERBS.contains(lemma) && hasNoun(vp, PERMIT_NOUNS)) {
            return EventLexicon.match("revoke", "VB", List.of(), 0);
        }
        boolean multiple = MULTIPLY_VERBS.contains(lemma) || RISE_VERBS.contains(lemma) && foldAfter(leaves, i);
        if (multiple && !hasNoun(clauseOf(tree, vp), BAD_GROWTH_NOUNS)) {
            return EventLexicon.match("success", "NN", List.of(), 0);
        }
        for (int k = i + 1; k + 1 < Math.min(leaves.size(), i + 5); k++) {
            if (tag(tree, leaves.get(k)).startsWith("VB")) {
                break; // the verb nearest the first place reports it: "have taken first place", once
            }
            if ((lemmas.get(k).equals("first") || lemmas.get(k).equals("top"))
                    && PLACE_NOUNS.contains(lemmas.get(k + 1)) && tree.end(vp) > k + 1) {
                return EventLexicon.match("acclaim", "VBN", List.of(), 0);
            }
        }
        return null;
    }

    /**
     * Issue 29, fourth round: duties imposed on the company (compelled by a verb, "had to" with a remedy, "by order
     * of"), people left without what they were owed, falls by a share, officers removed, money diverted, legal
     * limits passed, bottom grades, failure to pay, and esteem told with an adverb ("highly regarded").
     */
    private static EventLexicon.Entry fourthRound(TreeIndex tree, List<Tree> leaves, List<String> lemmas, int i,
            String tag) {
        String lemma = lemmas.get(i);
        String word = leaves.get(i).value().toLowerCase(Locale.ROOT);
        Tree leaf = leaves.get(i);
        if (LIMIT_NOUNS.contains(lemma) && tag.startsWith("NN") && passedLimit(leaves, lemmas, i)) {
            return EventLexicon.match("over", "IN", List.of("over", "limit"), 0);
        }
        if (lemma.equals("order") && tag.startsWith("NN") && i > 0 && i + 1 < leaves.size()
                && Set.of("by", "on", "under").contains(lemmas.get(i - 1))
                && Set.of("of", "from").contains(lemmas.get(i + 1))) {
            return EventLexicon.match("compelled", "NN", List.of("compelled", "act"), 0); // "by order of the court"
        }
        if (ESTEEM_PARTICIPLES.contains(word) && tag.equals("VBN") && i > 0
                && ESTEEM_ADVERBS.contains(lemmas.get(i - 1))) {
            return EventLexicon.match("acclaim", "VBN", List.of(), 0);
        }
        if (!tag.startsWith("VB")) {
            return null;
        }
        if (dutyImposed(tree, leaves, lemmas, i)) {
            return EventLexicon.match("compelled", "NN", List.of("compelled", "act"), 0);
        }
        if (lemma.equals("leave") && leftWithout(tree, leaf)) { // "left 180,000 employees without wages"
            return EventLexicon.match("strand", "VB", List.of(), 0);
        }
        Tree vp = tree.parent(tree.parent(leaf));
        if (vp == null || !category(vp).equals("VP")) {
            return null;
        }
        if (FALL_VERBS.contains(lemma) && fallByShare(leaves, lemmas, i) || lemma.equals("halve")) {
            return badToGrow(clauseOf(tree, vp)) ? null : EventLexicon.match("plunge", "VB", List.of(), 0);
        }
        if (OUST_VERBS.contains(lemma) && objectHas(tree, leaf, OFFICER_NOUNS) && !othersObject(tree, leaf)) {
            return EventLexicon.match("ousted", "NN", List.of("ousted", "officer"), 0);
        }
        if (DIVERT_VERBS.contains(lemma) && objectHasMoney(tree, leaf)) {
            return EventLexicon.match("misappropriate", "VB", List.of(), 0);
        }
        if (GRADING_VERBS.contains(lemma) && bottomGrade(tree, leaves, i)) {
            return EventLexicon.match("bad", "JJS", List.of(), 0); // ranked among the worst
        }
        if (EventLexicon.WORDNET_REMEDY_VERBS.contains(lemma) || REMEDY_VERBS.contains(lemma)
                || lemma.equals("meet") || lemma.equals("honour") || lemma.equals("honor")) {
            if (i >= 2 && lemmas.get(i - 1).equals("to") && lemmas.get(i - 2).equals("unable")) {
                return EventLexicon.match("withhold", "VB", List.of(), 0); // "unable to pay its staff"
            }
        }
        return null;
    }

    /**
     * The clause names something whose fall is good news ("its emissions fell by 40 percent", "prices fell by a
     * third"); a share price or stock price is the company's own value.
     */
    private static boolean badToGrow(Tree clause) {
        String before = "";
        for (Tree n : clause) {
            if (n.isPreTerminal()) {
                String w = lemma(n.firstChild().value(), n.value());
                if (n.value().startsWith("NN") && BAD_GROWTH_NOUNS.contains(w)
                        && !(w.equals("price") && (before.equals("share") || before.equals("stock")))) {
                    return true;
                }
                before = w;
            }
        }
        return false;
    }

    /**
     * A fourth-round adverse reading inside a relative clause about plural others without a possessive ("companies
     * that have dismissed their chief executive", "borrowers who were unable to pay"): what befell them.
     */
    private static boolean othersRelative(TreeIndex tree, Tree leaf) {
        Tree clause = enclosingSbar(tree, leaf);
        Tree np = clause == null ? null : tree.parent(clause);
        return isRelativeClause(clause) && np != null && isNominal(np) && otherParties(np, clause);
    }

    /**
     * Where a fourth-round phrase is centred: on the adverb of "highly regarded", on the word of passing a limit
     * ("forty times the permitted level"), else on the word itself.
     */
    private static int fourthRoundShownFrom(TreeIndex tree, List<Tree> leaves, List<String> lemmas, int i,
            EventLexicon.Entry entry) {
        if (i > 0 && ESTEEM_ADVERBS.contains(lemmas.get(i - 1))) {
            return i - 1;
        }
        if (entry.term().equals("compelled act") && tag(tree, leaves.get(i)).startsWith("VB")) { // a duty: from its verb
            for (int k = i - 1; k >= Math.max(0, i - 7); k--) {
                if (DUTY_VERBS.contains(lemmas.get(k)) || leaves.get(k).value().equalsIgnoreCase("had")) {
                    return k; // "forcing all of its campuses to shut", "had to pay compensation"
                }
            }
        }
        if (LIMIT_NOUNS.contains(lemmas.get(i))) {
            for (int k = i - 1; k >= Math.max(0, i - 6); k--) {
                String w = leaves.get(k).value().toLowerCase(Locale.ROOT);
                if (PASSING_WORDS.contains(w) || PASSING_WORDS.contains(lemmas.get(k))) {
                    return k;
                }
            }
        }
        return i;
    }

    /**
     * A duty laid on the company: a verb governed by a compelling verb ("was required to submit a corrective plan",
     * "forcing all of its campuses to shut", "ordered its bottles cleared from shelves"; an active compelling
     * verb's object names it, "it", "its ..."), or a remedy after "had to" ("had to pay compensation").
     */
    private static boolean dutyImposed(TreeIndex tree, List<Tree> leaves, List<String> lemmas, int i) {
        String lemma = lemmas.get(i);
        boolean remedy = REMEDY_VERBS.contains(lemma) || lemma.equals("shut")
                || EventLexicon.WORDNET_REMEDY_VERBS.contains(lemma);
        int to = i - 1;
        if (to >= 1 && lemmas.get(to).equals("be")) { // "had to be closed"
            to--;
        }
        if (remedy && to >= 1 && lemmas.get(to).equals("to")
                && leaves.get(to - 1).value().equalsIgnoreCase("had")) {
            return true;
        }
        Tree pre = tree.parent(leaves.get(i));
        boolean infinitive = pre.value().equals("VB") && i > 0 && lemmas.get(i - 1).equals("to")
                || pre.value().equals("VBN") && i > 1 && lemmas.get(i - 1).equals("be") && lemmas.get(i - 2).equals("to");
        Tree vpOf = tree.parent(pre);
        Tree small = vpOf == null ? null : tree.parent(vpOf);
        boolean smallClause = pre.value().equals("VBN") && small != null && category(small).equals("S")
                && small.numChildren() > 1 && isNominal(small.firstChild()) && tree.parent(small) != null
                && category(tree.parent(small)).equals("VP"); // "ordered (S its bottles cleared from shelves)"
        if (!infinitive && !smallClause) {
            return false;
        }
        Tree n = tree.parent(pre);
        for (int up = 0; up < 5 && n != null; up++, n = tree.parent(n)) {
            String c = category(n);
            if (c.equals("SBAR") || c.equals("ROOT")) {
                return false;
            }
            if (c.equals("VP")) {
                Tree verb = headVerb(n);
                if (verb == null || verb == pre) {
                    continue;
                }
                if (DUTY_VERBS.contains(lemma(verb.firstChild().value(), verb.value())) && isRelativeClause(enclosingSbar(tree, n))) {
                    return false; // what a duty is, not a duty imposed: "orders that federal rules required it to report"
                }
                if (!DUTY_VERBS.contains(lemma(verb.firstChild().value(), verb.value()))) {
                    if (verb.value().equals("VBN") || verb.value().equals("VBD") || verb.value().equals("VBZ")) {
                        return false; // another verb governs it first
                    }
                    continue;
                }
                return companyObject(n, verb);
            }
        }
        return false;
    }

    /** The nearest SBAR above {@code n}, or null. */
    private static Tree enclosingSbar(TreeIndex tree, Tree n) {
        Tree p = tree.parent(n);
        while (p != null && !category(p).equals("SBAR")) {
            p = tree.parent(p);
        }
        return p;
    }

    /** {@code n} is a relative clause: an SBAR opened by a wh-word or "that" as its pronoun. */
    private static boolean isRelativeClause(Tree n) {
        return n != null && category(n).equals("SBAR") && n.numChildren() > 0
                && category(n.firstChild()).startsWith("WH");
    }

    /** The compelling verb is passive, or its object (or small clause's subject) names the company: it, its .... */
    private static boolean companyObject(Tree vp, Tree verb) {
        if (verb.value().equals("VBN") && !vp.isLeaf()) {
            boolean object = false;
            for (Tree k : vp.children()) {
                object |= isNominal(k);
            }
            if (!object) {
                return true; // passive: "was required to submit", "were forced to close"
            }
        }
        for (Tree k : vp.children()) {
            Tree np = isNominal(k) ? k : category(k).equals("S") && k.numChildren() > 0 && isNominal(k.firstChild())
                    ? k.firstChild() : null;
            if (np != null) {
                for (Tree leaf : np.getLeaves()) {
                    String w = leaf.value().toLowerCase(Locale.ROOT);
                    if (w.equals("it") || w.equals("its") || w.equals("company") || w.equals("firm")) {
                        return true;
                    }
                }
                return false;
            }
        }
        return false;
    }

    /** "left ... employees without wages", "leaving owners without their homes": an object and then "without". */
    private static boolean leftWithout(TreeIndex tree, Tree leaf) {
        Tree vp = tree.parent(tree.parent(leaf));
        if (vp == null || !category(vp).equals("VP")) {
            return false;
        }
        boolean object = false;
        for (Tree k : vp.children()) {
            if (isNominal(k)) {
                object = true;
            }
            String first = k.isLeaf() ? "" : k.getLeaves().get(0).value().toLowerCase(Locale.ROOT);
            if (object && first.equals("without")) {
                return true;
            }
            if (category(k).equals("S") || category(k).equals("NP")) { // "(S (NP employees) (PP without wages))"
                for (Tree c : k.children()) {
                    if (isNominal(c)) {
                        object = true;
                    } else if (object && !c.isLeaf()
                            && c.getLeaves().get(0).value().equalsIgnoreCase("without")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** "fell by 80 percent", "dropped 40%", "fell by half": a share within three tokens after the verb. */
    private static boolean fallByShare(List<Tree> leaves, List<String> lemmas, int i) {
        for (int k = i + 1; k < Math.min(leaves.size(), i + 5); k++) {
            String w = leaves.get(k).value().toLowerCase(Locale.ROOT);
            if (SHARE_WORDS.contains(w) || w.endsWith("%") || w.endsWith("fold") && w.length() > 4) {
                return true;
            }
            if (w.equals(",") || w.equals(".") || w.equals("and")) {
                return false;
            }
        }
        return false;
    }

    /** The object of the verb at {@code leaf}: the first noun phrase in the verb phrase it heads, or null. */
    private static Tree verbObject(TreeIndex tree, Tree leaf) {
        Tree vp = tree.parent(tree.parent(leaf));
        if (vp == null || !category(vp).equals("VP")) {
            return null;
        }
        for (Tree k : vp.children()) {
            if (isNominal(k)) {
                return k;
            }
        }
        return null;
    }

    /** The verb's object noun phrase holds one of {@code nouns}: "dismissed its chief executive". */
    private static boolean objectHas(TreeIndex tree, Tree leaf, Set<String> nouns) {
        Tree object = verbObject(tree, leaf);
        return object != null && hasNoun(object, nouns);
    }

    /** The verb's object belongs to someone else: "dismissed their chief executive". */
    private static boolean othersObject(TreeIndex tree, Tree leaf) {
        Tree object = verbObject(tree, leaf);
        if (object != null) {
            for (Tree w : object.getLeaves()) {
                String v = w.value().toLowerCase(Locale.ROOT);
                if (v.equals("their") || v.equals("his") || v.equals("her")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The verb's object is money: a money noun or a currency sign ("diverted $4.2 million"). */
    private static boolean objectHasMoney(TreeIndex tree, Tree leaf) {
        Tree object = verbObject(tree, leaf);
        if (object == null) {
            return false;
        }
        for (Tree n : object) {
            if (n.isPreTerminal() && n.value().equals("$")) {
                return true;
            }
        }
        return hasNoun(object, MONEY_NOUNS);
    }

    /** A limit noun after a qualifier ("the permitted level") with a word of passing it before ("forty times"). */
    private static boolean passedLimit(List<Tree> leaves, List<String> lemmas, int i) {
        boolean qualified = false;
        for (int k = i - 1; k >= Math.max(0, i - 6); k--) {
            String w = leaves.get(k).value().toLowerCase(Locale.ROOT);
            if (w.equals(",") || w.equals(".") || w.equals(";")) {
                return false;
            }
            if (LIMIT_QUALIFIERS.contains(w)) {
                qualified = true;
            } else if (qualified && (PASSING_WORDS.contains(w) || PASSING_WORDS.contains(lemmas.get(k)))) {
                return true;
            }
        }
        // "the legal limit was exceeded", "levels above the legal limit" read left to right as well
        return false;
    }

    /** A grading verb with a bottom grade in its clause within eight tokens: "rated eleven of its homes inadequate". */
    private static boolean bottomGrade(TreeIndex tree, List<Tree> leaves, int at) {
        for (int k = at + 1; k < Math.min(leaves.size(), at + 9); k++) {
            String w = leaves.get(k).value().toLowerCase(Locale.ROOT);
            String t = tag(tree, leaves.get(k));
            if (BOTTOM_WORDS.contains(w)) {
                return true;
            }
            if (t.equals(",") || t.equals(":") || t.equals(".") || t.startsWith("VB") || t.equals("CC")) {
                return false;
            }
        }
        return false;
    }

    /**
     * Negation by a determiner over a whole noun phrase with its complements: "found no trace of pollution", "with
     * no case of food poisoning" (the scope the sentiment tree gives "no" can stop at its noun).
     */
    private static boolean negatedByDeterminer(TreeIndex tree, Tree leaf) {
        for (Tree n = tree.parent(tree.parent(leaf)); n != null && (isNominal(n) || category(n).equals("PP"));
                n = tree.parent(n)) {
            Tree first = n.firstChild();
            while (first != null && isNominal(first)) { // (NP (NP no trace) (PP of (NP pollution)))
                first = first.firstChild();
            }
            if (isNominal(n) && first != null && first.isPreTerminal() && first.value().equals("DT")
                    && first.firstChild().value().equalsIgnoreCase("no")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Harm told as smaller than others': the clause's subject opens with "less" or "fewer" (not "fewer than", a
     * count) and the clause holds "than" ("less of its water is lost through leaking pipes than at almost any other
     * utility", "fewer of its workers are injured than at any other mine"): a record, counted like a negation.
     */
    private static boolean comparedBelowOthers(TreeIndex tree, Tree leaf) {
        Tree clause = tree.parent(leaf);
        while (clause != null && !category(clause).equals("S")) {
            clause = tree.parent(clause);
        }
        if (clause == null || clause.numChildren() == 0
                || !(isNominal(clause.firstChild()) || category(clause.firstChild()).equals("ADJP"))) { // (ADJP Fewer (PP of ...))
            return false;
        }
        List<Tree> subject = clause.firstChild().getLeaves();
        String first = subject.get(0).value().toLowerCase(Locale.ROOT);
        if (!(first.equals("less") || first.equals("fewer")) || subject.size() > 1
                && subject.get(1).value().equalsIgnoreCase("than")) {
            return false;
        }
        for (Tree l : clause.getLeaves()) {
            if (l.value().equalsIgnoreCase("than")) {
                return true;
            }
        }
        return false;
    }

    /** Family nouns: an accident in the life story of a founder's relative is not the company's event. */
    static final Set<String> FAMILY_NOUNS = Set.of(
            "brother", "sister", "father", "mother", "son", "daughter", "wife", "husband", "grandfather",
            "grandmother", "uncle", "aunt", "nephew", "niece", "cousin", "grandson", "granddaughter");

    /**
     * The accident's clause has a relative as its subject, with a possessive: "whose brother had died in a blaze",
     * "his father was killed in a mining accident".
     */
    private static boolean familyStory(TreeIndex tree, Tree leaf) {
        for (Tree n = tree.parent(tree.parent(leaf)); n != null; n = tree.parent(n)) {
            String c = category(n);
            Tree subject = null;
            if (c.equals("S")) {
                for (Tree k : n.children()) {
                    if (category(k).equals("VP")) {
                        break;
                    }
                    if (isNominal(k)) {
                        subject = k;
                    }
                }
                if (subject == null) {
                    continue;
                }
            } else if (isRelativeClause(n)) {
                subject = n.firstChild();
            } else {
                continue;
            }
            boolean possessive = false;
            for (Tree p : subject) {
                if (!p.isPreTerminal()) {
                    continue;
                }
                String w = p.firstChild().value().toLowerCase(Locale.ROOT);
                possessive |= w.equals("whose") || w.equals("his") || w.equals("her") || w.equals("their")
                        || p.value().equals("POS");
                if (possessive && p.value().startsWith("NN") && FAMILY_NOUNS.contains(lemma(w, p.value()))) {
                    return true;
                }
            }
            return false;
        }
        return false;
    }

    /** "inspectors have yet to find a single contamination": "yet to" negates the rest of its clause. */
    private static boolean yetTo(List<Tree> leaves, int i) {
        for (int k = i - 1; k >= Math.max(1, i - 10); k--) {
            String w = leaves.get(k).value();
            if (w.equals(",") || w.equals(";") || w.equals(":") || w.equals(".")) {
                return false;
            }
            if (w.equalsIgnoreCase("to") && leaves.get(k - 1).value().equalsIgnoreCase("yet")) {
                return true;
            }
        }
        return false;
    }

    /**
     * "credit the company with reviving ...": "credit" as a verb, or as the tagger's noun right after a plural
     * subject ("critics credit"), with "with" following in the same phrase (no verb or punctuation between).
     */
    private static boolean creditWith(TreeIndex tree, List<Tree> leaves, int i, String tag) {
        boolean verb = tag.startsWith("VB") || tag.startsWith("NN") && i > 0 && tag(tree, leaves.get(i - 1)).equals("NNS");
        if (!verb) {
            return false;
        }
        for (int k = i + 1; k < Math.min(leaves.size(), i + 10); k++) {
            String t = tag(tree, leaves.get(k));
            if (leaves.get(k).value().equalsIgnoreCase("with")) {
                return true;
            }
            if (t.startsWith("VB") || t.equals(",") || t.equals(".") || t.equals(":")) {
                return false;
            }
        }
        return false;
    }

    private static boolean foldAfter(List<Tree> leaves, int i) {
        for (int k = i + 1; k < Math.min(leaves.size(), i + 4); k++) {
            String w = leaves.get(k).value().toLowerCase(Locale.ROOT);
            if (w.endsWith("fold") && w.length() > 4) {
                return true;
            }
        }
        return false;
    }

    private static Tree clauseOf(TreeIndex tree, Tree n) {
        Tree c = n;
        while (tree.parent(c) != null && !Set.of("S", "SINV", "SQ", "ROOT").contains(category(c))) {
            c = tree.parent(c);
        }
        return c;
    }

    private static boolean hasNoun(Tree scope, Set<String> nouns) {
        for (Tree n : scope) {
            if (n.isPreTerminal() && n.value().startsWith("NN") && nouns.contains(lemma(n.firstChild().value(), n.value()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The verb's subject is counted or plural ("48 guests", "six of them", "eleven of whom", "no baby") and not a
     * person of the company's own story ("its founder", "both founders").
     */
    private static boolean countedVictims(TreeIndex tree, Tree leaf) {
        Tree child = tree.parent(leaf);
        for (Tree n = tree.parent(child); n != null; child = n, n = tree.parent(n)) {
            String c = category(n);
            if (c.equals("ROOT")) {
                return false;
            }
            if (!c.equals("S") && !c.equals("SINV")) {
                continue;
            }
            Tree subject = null;
            for (Tree k : n.children()) {
                if (k == child) {
                    break;
                }
                if (isNominal(k)) {
                    subject = k;
                }
            }
            List<Tree> words = new ArrayList<>();
            if (subject != null) {
                for (Tree p : subject) {
                    if (p.isPreTerminal()) {
                        words.add(p);
                    }
                }
            } else { // no subject in the parse ("thirty guests fell ill and two of them died"): the words before the verb
                words = subjectRegion(tree, leaf);
            }
            boolean counted = false;
            for (Tree p : words) {
                String word = p.firstChild().value();
                String w = lemma(word, p.value());
                if (LIFE_STORY_NOUNS.contains(w)) {
                    return false;
                }
                boolean year = word.matches("\\d{4}s?");
                counted |= p.value().equals("CD") && !year || p.value().equals("NNS") && !year
                        || COUNTING_WORDS.contains(w);
            }
            return counted;
        }
        return false;
    }

    /**
     * The preterminals before the verb chain ending at {@code leaf} ("is known to have fallen"), back to the previous
     * verb or punctuation mark.
     */
    private static List<Tree> subjectRegion(TreeIndex tree, Tree leaf) {
        List<Tree> leaves = tree.leaves();
        int i = leaves.indexOf(leaf) - 1;
        while (i >= 0 && isChain(tag(tree, leaves.get(i)))) {
            i--;
        }
        List<Tree> words = new ArrayList<>();
        for (; i >= 0; i--) {
            String t = tag(tree, leaves.get(i));
            if (t.startsWith("VB") || t.equals("MD") || t.equals(",") || t.equals(":") || t.equals("-LRB-")) {
                break;
            }
            words.add(tree.parent(leaves.get(i)));
        }
        return words;
    }

    private static boolean isChain(String tag) {
        return tag.startsWith("VB") || tag.equals("MD") || tag.equals("TO") || tag.startsWith("RB");
    }

    /** A remedy verb at {@code at}: the hand list, WordNet's "compelled remedy" roots, or hand/give/pay back. */
    private static boolean isRemedy(String verb, List<String> lemmas, int at) {
        boolean back = at + 1 < lemmas.size() && lemmas.get(at + 1).equals("back");
        return REMEDY_VERBS.contains(verb) || EventLexicon.WORDNET_REMEDY_VERBS.contains(verb)
                || back && (BACK_REMEDY_VERBS.contains(verb) || EventLexicon.WORDNET_REMEDY_VERBS.contains(verb + " back"));
    }

    /** The verb has a "from" phrase whose noun is a place of sale: "withdrawn from sale", "pulled from shelves". */
    private static boolean fromSale(TreeIndex tree, Tree leaf) {
        Tree vp = tree.parent(tree.parent(leaf));
        if (vp == null || !category(vp).equals("VP")) {
            return false;
        }
        boolean off = false; // "taken off the shelves": the parser makes "off" a particle before the noun phrase
        for (Tree k : vp.children()) {
            String first = k.isLeaf() ? "" : k.getLeaves().get(0).value().toLowerCase(Locale.ROOT);
            if (category(k).equals("PRT") && first.equals("off")) {
                off = true;
            } else if (off && isNominal(k) && hasNoun(k, SALE_NOUNS)) {
                return true;
            }
            if (category(k).equals("PP") && (first.equals("from") || first.equals("off"))) {
                for (Tree n : k) {
                    if (n.isPreTerminal() && n.value().startsWith("NN")
                            && SALE_NOUNS.contains(lemma(n.firstChild().value(), n.value()))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * The verb is an infinitive that a compelling verb governs: "ordered to refund", "required it to withdraw" (also
     * when the parser took the infinitive after "to" for a noun, as it does with "required it to refund £62m").
     */
    private static boolean compelled(TreeIndex tree, Tree leaf, boolean afterTo) {
        Tree pre = tree.parent(leaf);
        if (!pre.value().equals("VB") && !(afterTo && pre.value().startsWith("NN"))) {
            return false;
        }
        Tree n = tree.parent(pre);
        for (int up = 0; up < 5 && n != null; up++, n = tree.parent(n)) {
            String c = category(n);
            if (c.equals("SBAR") || c.equals("ROOT")) {
                return false;
            }
            if (c.equals("VP")) {
                Tree verb = headVerb(n);
                if (verb != null && verb != pre
                        && COMPELLING_VERBS.contains(lemma(verb.firstChild().value(), verb.value()))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** "cut 900 jobs", "closed two of its mills": a labour event made of a verb and its object. */
    private static EventLexicon.Entry verbObjectPair(TreeIndex tree, Tree leaf, String lemma) {
        Set<String> objects = CUT_VERBS.contains(lemma) ? JOB_NOUNS : CLOSE_VERBS.contains(lemma) ? SITE_NOUNS : null;
        Tree pre = tree.parent(leaf);
        if (objects == null || !pre.value().startsWith("VB")) {
            return null;
        }
        Tree vp = tree.parent(pre);
        for (Tree k : vp.children()) {
            if (isNominal(k)) {
                for (Tree n : k) {
                    if (n.isPreTerminal() && n.value().startsWith("NN")
                            && objects.contains(lemma(n.firstChild().value(), n.value()))) {
                        return objects == JOB_NOUNS
                                ? EventLexicon.match("job", "NN", List.of("job", "cut"), 0)
                                : EventLexicon.match("closure", "NN", List.of(), 0);
                    }
                }
            }
        }
        return null;
    }

    /** Event, description, deal or one of the trade rules in the class comment. */
    static EventDecision classify(TreeIndex tree, Tree leaf, EventLexicon.Entry entry) {
        Tree pre = tree.parent(leaf);
        String tag = pre.value();
        boolean evaluative = EVALUATIVE_ADJECTIVES.contains(entry.term())
                && (tag.startsWith("JJ") || entry.term().contains("-"));
        EventDecision eventDecision = EventDecision.of(EventDecision.Kind.EVENT);
        // Among a noun phrase's modifiers (looking through nested compounds: "the firm's rooftop crash lab").
        for (Tree m = pre, p = tree.parent(pre); p != null && isNominal(p); m = p, p = tree.parent(p)) {
            Tree head = modifiedNoun(p, m);
            if (head != null) {
                String headLemma = lemma(head.firstChild().value(), head.value());
                if (evaluative) {
                    eventDecision = new EventDecision(EventDecision.Kind.DESCRIPTION,
                            "description of '" + head.firstChild().value() + "'");
                    break;
                }
                String headWord = head.firstChild().value().toLowerCase(Locale.ROOT); // "proceedings": lemma unchanged
                if (!EVENT_HEADS.contains(headLemma)
                        && !(headWord.endsWith("s") && EVENT_HEADS.contains(headWord.substring(0, headWord.length() - 1)))) {
                    return new EventDecision(EventDecision.Kind.NOUN_MODIFIER,
                            "modifies '" + head.firstChild().value() + "'");
                }
                break;
            }
            if (!category(p).equals("NML")) {
                break;
            }
        }
        boolean honourWord = entry.term().equals("win") || entry.term().equals("award");
        if (honourWord && tag.startsWith("VB")) { // "won a contract", "was awarded a concession"
            Tree vp = tree.parent(pre);
            for (Tree k : vp.children()) {
                if (isNominal(k)) {
                    Tree head = headNoun(k, null);
                    if (head != null && DEAL_NOUNS.contains(lemma(head.firstChild().value(), head.value()))) {
                        return new EventDecision(EventDecision.Kind.DEAL,
                                "won or awarded a '" + head.firstChild().value() + "'");
                    }
                }
            }
        } else if (honourWord && tag.startsWith("NN")) { // "a contract award", "a tender win"
            for (Tree k : tree.parent(pre).children()) {
                if (k == pre) {
                    break;
                }
                Tree noun = k.isPreTerminal() && k.value().startsWith("NN") ? k : isNominal(k) ? headNoun(k, null) : null;
                if (noun != null && DEAL_NOUNS.contains(lemma(noun.firstChild().value(), noun.value()))) {
                    return new EventDecision(EventDecision.Kind.DEAL,
                            "a '" + noun.firstChild().value() + "' " + leaf.value());
                }
            }
        }
        Tree np = tree.parent(pre);
        // Climb through noun and prepositional phrases: a complement of a trade noun names the field.
        for (Tree n = np; n != null && (isNominal(n) || category(n).equals("PP")); n = tree.parent(n)) {
            if (category(n).equals("PP") && tree.parent(n) != null && isNominal(tree.parent(n))) {
                Tree head = headNoun(tree.parent(n), n);
                if (head != null && TRADE_NOUNS.contains(lemma(head.firstChild().value(), head.value()))) {
                    return new EventDecision(EventDecision.Kind.TRADE_NOUN_COMPLEMENT,
                            "complement of '" + head.firstChild().value() + "'");
                }
            }
        }
        if (!evaluative && !inPastOrPerfectClause(tree, pre)) { // adjectives evaluate in any tense
            return new EventDecision(EventDecision.Kind.PRESENT_TENSE, "a present-tense description");
        }
        if (tag.startsWith("VB") && possibility(tree, leaf)) {
            return new EventDecision(EventDecision.Kind.CONDITION, "a possibility (modal)");
        }
        // Climb through the clause and the clauses above it.
        Tree child = pre;
        boolean ownClause = false; // an honour in a relative clause is the object's own: "a process which won awards"
        for (Tree n = tree.parent(pre); n != null; n = tree.parent(n)) {
            String c = category(n);
            if (c.equals("ROOT")) {
                break;
            }
            if (isRelativeClause(n) && entry.category().side() == EventLexicon.Side.FAVOURABLE && hasPastTense(n)) {
                ownClause = true;
            }
            if (c.equals("SBAR")) {
                String first = n.getLeaves().get(0).value().toLowerCase(Locale.ROOT);
                if (HYPOTHETICAL.contains(first)) {
                    return new EventDecision(EventDecision.Kind.CONDITION,
                            "a condition or general case ('" + first + "')");
                }
                if (CONCESSIVE.contains(first) && othersBackdrop(n)) {
                    return new EventDecision(EventDecision.Kind.OTHER_PARTIES,
                            "backdrop of other parties ('" + first + "')");
                }
                if (GENERIC_IN_PRESENT.contains(first) && !hasPastTense(n)) {
                    return new EventDecision(EventDecision.Kind.CONDITION,
                            "a general case ('" + first + "', present tense)");
                }
            }
            if (c.equals("VP")) {
                Tree verb = headVerb(n);
                if (verb != null && verb != pre && isAdjunct(child)
                        && FOUNDING_VERBS.contains(lemma(verb.firstChild().value(), verb.value()))) {
                    return new EventDecision(EventDecision.Kind.ORIGIN,
                            "why or when '" + verb.firstChild().value() + "' happened");
                }
                if (verb != null && verb != pre && !isAdjunct(child) && !ownClause
                        && TRADE_VERBS.contains(lemma(verb.firstChild().value(), verb.value()))) {
                    return new EventDecision(EventDecision.Kind.TRADE_VERB_OBJECT,
                            "object of '" + verb.firstChild().value() + "'");
                }
                Tree parent = tree.parent(n);
                if (parent != null && isNominal(parent) && otherParties(parent, n)) {
                    return EventDecision.of(EventDecision.Kind.OTHER_PARTIES);
                }
            }
            child = n;
        }
        return eventDecision;
    }

    /**
     * The smallest finite clause around {@code pre} (a participle or infinitive clause, "cutting its dividend", is
     * looked through) holds a past-tense verb or a participle heading a verb phrase ("was fined", "has sued"; not
     * "licensed dealers").
     */
    private static boolean inPastOrPerfectClause(TreeIndex tree, Tree pre) {
        for (Tree clause = tree.parent(pre); clause != null; clause = tree.parent(clause)) {
            if (!Set.of("S", "SINV", "SQ", "FRAG", "ROOT").contains(category(clause))) {
                continue;
            }
            boolean finite = false;
            for (Tree n : clause) {
                if (n.isPreTerminal()) {
                    String t = n.value();
                    Tree up = n.parent(clause);
                    Tree upUp = up == null ? null : up.parent(clause);
                    // a participle heading a verb phrase, not one inside a noun phrase ("warrants issued to councils")
                    boolean heads = up != null && category(up).equals("VP") && (upUp == null || !isNominal(upUp));
                    if (t.equals("VBD") || t.equals("VBN") && heads) { // not "sanctioned individuals"
                        return true;
                    }
                    finite |= t.equals("VBZ") || t.equals("VBP") || t.equals("MD");
                }
            }
            if (finite) {
                return false;
            }
        }
        return true;
    }

    /**
     * The verb chain before the verb holds a modal of possibility: "how many people might be killed", "could be
     * fined" (a possibility, not something that happened).
     */
    private static boolean possibility(TreeIndex tree, Tree leaf) {
        List<Tree> leaves = tree.leaves();
        int i = tree.start(leaf);
        for (int k = i - 1; k >= Math.max(0, i - 5); k--) {
            String t = tag(tree, leaves.get(k));
            if (t.equals("MD")) {
                return POSSIBILITY_MODALS.contains(leaves.get(k).value().toLowerCase(Locale.ROOT));
            }
            if (!(t.startsWith("VB") || t.startsWith("RB") || t.equals("TO"))) {
                return false;
            }
        }
        return false;
    }

    /**
     * A concessive clause ("while most small factories were shut down during the slump") whose subject is plural
     * and not the company's own: what befell others or the market, the backdrop of the company's story.
     */
    private static boolean othersBackdrop(Tree sbar) {
        for (Tree leaf : sbar.getLeaves()) { // "although critics have ranked it among the worst": about the company
            String w = leaf.value().toLowerCase(Locale.ROOT);
            if (w.equals("it") || w.equals("its")) {
                return false;
            }
        }
        for (Tree s : sbar.children()) {
            if (!category(s).equals("S")) {
                continue;
            }
            for (Tree np : s.children()) {
                if (isNominal(np)) {
                    for (Tree leaf : np.getLeaves()) {
                        String w = leaf.value().toLowerCase(Locale.ROOT);
                        if (w.equals("it") || w.equals("its") || w.equals("we") || w.equals("our")) {
                            return false;
                        }
                    }
                    for (Tree p : np) { // "most of the country's small factories": a plural noun, not the company
                        if (p.isPreTerminal() && p.value().equals("NNS")) {
                            return true;
                        }
                    }
                    return false;
                }
                if (category(np).equals("VP")) {
                    return false;
                }
            }
        }
        return false;
    }

    /** A participle phrase after a plural noun without a possessive ("start-ups accused of patent theft"). */
    private static boolean otherParties(Tree np, Tree vp) {
        Tree head = headNoun(np, vp);
        if (head == null || !head.value().equals("NNS")) {
            return false;
        }
        for (Tree leaf : np.getLeaves()) {
            String w = leaf.value().toLowerCase(Locale.ROOT);
            if (w.equals("its") || w.equals("their") || w.equals("his") || w.equals("her")) {
                return false;
            }
            if (leaf == vp.getLeaves().get(0)) {
                break;
            }
        }
        return true;
    }

    private static boolean hasPastTense(Tree clause) {
        for (Tree n : clause) {
            if (n.isPreTerminal() && n.value().equals("VBD")) {
                return true;
            }
        }
        return false;
    }

    /** The noun that {@code m} modifies inside {@code np}: a later noun with only modifiers between; else null. */
    private static Tree modifiedNoun(Tree np, Tree m) {
        boolean after = false;
        for (Tree k : np.children()) {
            if (k == m) {
                after = true;
                continue;
            }
            if (after) {
                String c = category(k);
                if (c.startsWith("NN")) {
                    return k;
                }
                if (c.equals("NML")) {
                    return headNoun(k, null);
                }
                if (!(c.startsWith("JJ") || c.startsWith("VBG") || c.startsWith("VBN") || c.equals("HYPH")
                        || c.equals("CD") || c.equals("ADJP") || c.equals("POS"))) {
                    return null;
                }
            }
        }
        return null;
    }

    /** The head noun of {@code np} before its complement {@code pp}: the last noun before it, looking inside a first NP. */
    private static Tree headNoun(Tree np, Tree pp) {
        Tree found = null;
        for (Tree k : np.children()) {
            if (k == pp) {
                break;
            }
            if (k.isPreTerminal() && k.value().startsWith("NN")) {
                found = k;
            } else if (isNominal(k)) {
                Tree inner = headNoun(k, null);
                if (inner != null) {
                    found = inner;
                }
            }
        }
        return found;
    }

    private static Tree headVerb(Tree vp) {
        for (Tree k : vp.children()) {
            if (k.isPreTerminal() && (k.value().startsWith("VB") || k.value().equals("MD"))) {
                return k;
            }
        }
        Tree first = vp.firstChild(); // a verb phrase headed by a noun is a mistagged verb: "It (VP (NNS rigs) ...)"
        return first != null && first.isPreTerminal() && first.value().startsWith("NN") ? first : null;
    }

    private static boolean isAdjunct(Tree child) {
        String c = category(child);
        if (c.equals("SBAR") && !child.isLeaf()
                && OBJECT_PREPOSITIONS.contains(child.getLeaves().get(0).value().toLowerCase(Locale.ROOT))) {
            return false; // the parser's "from [crashed and damaged phones]" read as a clause: a complement
        }
        if (c.equals("SBAR") || c.equals("ADVP")) {
            return true;
        }
        if (c.equals("PP") && !child.isLeaf()) {
            Tree first = child.firstChild();
            String word = first.isPreTerminal() ? first.firstChild().value().toLowerCase(Locale.ROOT) : "";
            return ADJUNCT_PREPOSITIONS.contains(word);
        }
        return false;
    }

    private static boolean isNominal(Tree n) {
        String c = category(n);
        return c.equals("NP") || c.equals("NML") || c.equals("NX") || c.equals("WHNP");
    }

    private static String category(Tree n) {
        return NegationScopes.category(n);
    }

    private static String tag(TreeIndex tree, Tree leaf) {
        Tree pre = tree.parent(leaf);
        return pre == null ? "" : pre.value();
    }

    private static boolean negated(List<NegationScope> negations, int token) {
        for (NegationScope n : negations) {
            if (n.contains(token)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A few words around the term: the smallest phrase of at least three tokens, at most eight; a negated term is
     * shown from its negation cue, or with the cue and an ellipsis when the cue is far ("never … lost a passenger").
     */
    static String phrase(TreeIndex tree, Tree leaf, int index, List<NegationScope> negations) {
        Tree n = tree.parent(leaf);
        while (tree.parent(n) != null && tree.end(n) - tree.start(n) < 3
                && !Set.of("S", "SBAR", "ROOT", "SINV").contains(category(tree.parent(n)))) {
            n = tree.parent(n);
        }
        int start = Math.max(tree.start(n), index - 3);
        String cue = null; // a negated event is shown with its negation: "not one of ... has been recalled"
        for (NegationScope s : negations) {
            if (s.contains(index) && s.cue() < start) {
                if (index - s.cue() <= 7) {
                    start = s.cue();
                } else {
                    cue = tree.leaves().get(s.cue()).value();
                }
            }
        }
        int end = Math.min(tree.end(n), Math.max(start + 8, index + 1));
        end = Math.max(end, index + 1);
        List<Tree> leaves = tree.leaves();
        List<String> words = new ArrayList<>();
        for (int t = start; t < end; t++) {
            words.add(leaves.get(t).value());
        }
        boolean startsWithCue = NegationScopes.CUES.contains(words.get(0).toLowerCase(Locale.ROOT));
        return (cue == null || startsWithCue ? "" : cue + " … ") + Tokens.join(words);
    }
}
