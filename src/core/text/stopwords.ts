/**
 * Stop words: function words that carry no topic, per language. Used by keyword extraction (a
 * keyphrase never starts or ends with one) and language detection (which language's function words a
 * text uses). English is the full list; the others hold each language's most frequent function words,
 * enough for both jobs. Words are lower case with straight apostrophes, as `normalizeWord` produces.
 *
 * To add a language: add its code to `languages` and its list below.
 */

export const languages = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt'] as const;
export type Language = (typeof languages)[number];

const lists: Record<Language, string> = {
  en: `a about above across after afterwards again against all almost alone along already also although
    always am among amongst an and another any anybody anyhow anyone anything anyway anywhere are aren't
    around as at back be became because become becomes been before beforehand behind being below beside
    besides between beyond both but by can can't cannot could couldn't did didn't do does doesn't doing
    don't done down during each either else elsewhere enough etc even ever every everybody everyone
    everything everywhere except few for former formerly from further had hadn't has hasn't have haven't
    having he he'd he'll he's hence her here here's hereafter hereby herein hers herself him himself his
    how how's however i i'd i'll i'm i've if in indeed instead into is isn't it it's its itself just
    last latter latterly least less let's like made make makes many may maybe me meanwhile might mine
    more moreover most mostly much must mustn't my myself namely neither never nevertheless next no
    nobody none noone nor not nothing now nowhere of off often on once one only onto or other others
    otherwise ought our ours ourselves out over own per perhaps please quite rather really same shall
    shan't she she'd she'll she's should shouldn't since so some somebody somehow someone something
    sometime sometimes somewhere still such than that that's the their theirs them themselves then
    thence there there's thereafter thereby therefore therein these they they'd they'll they're they've
    this those though through throughout thru thus to together too toward towards under unless until
    up upon us very via was wasn't we we'd we'll we're we've well were weren't what what's whatever
    when when's whence whenever where where's whereas whereby wherein wherever whether which while
    whither who who's whoever whole whom whose why why's will with within without won't would wouldn't
    yet you you'd you'll you're you've your yours yourself yourselves`,
  de: `aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes auch
    auf aus bei beim bin bis bist da damit dann das dass dein deine dem den denn der des dich die dies
    diese diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines einig er
    es etwas euch euer für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen
    ihr ihre ihrem ihren ihrer im in indem ins ist ja jede jedem jeden jeder jedes jetzt kann kein keine
    können könnte mal man manche mein meine mich mir mit muss musste nach nicht nichts noch nun nur ob
    oder ohne sehr sein seine seinem seinen seiner sich sie sind so solche soll sollte sondern sonst über
    um und uns unser unter viel vom von vor war waren warum was weil weiter welche wenn wer werde werden
    wie wieder will wir wird wo wurde würde zu zum zur zwar zwischen`,
  fr: `à ai aie ainsi alors au aucun aucune aussi autre aux avait avec avez avoir avons c' ça car ce ceci
    cela celle celles celui cependant ces cet cette chaque chez comme comment d' dans de depuis des donc
    dont du elle elles en encore entre est et étaient était été être eu eux fait faire il ils j' je jusqu'
    l' la le les leur leurs lors lui m' ma mais me même mes moi mon n' ne ni nos notre nous on ont or ou où
    par parce pas peu peut plus pour pourquoi qu' quand que quel quelle quelles quels qui quoi s' sa sans
    se ses si sien son sont sous sur ta te tes toi ton tous tout toute toutes très tu un une vers vos
    votre vous y`,
  es: `a al algo algunas algunos ante antes aquel aquella aquellas aquellos aquí así aunque cada como con
    contra cual cuando de del desde donde dos el él ella ellas ellos en entre era eran es esa esas ese
    eso esos esta está están estas este esto estos fue fueron ha había han hasta hay la las le les lo
    los más me mi mis mucho muy nada ni no nos nosotros o otra otras otro otros para pero poco por porque
    que qué quien se sea ser si sí sin sobre son su sus también tan te tiene tienen todo todos tu tus un
    una uno unos usted ustedes y ya yo`,
  it: `a ad agli ai al alla alle allo anche ancora che chi ci come con contro cui da dai dal dalla dalle
    degli dei del della delle dello di dove e è ed era erano essere gli ha hanno ho i il in io la le lei
    li lo loro lui ma mi mia mie miei mio ne negli nei nel nella nelle nello no noi non nostra nostro o
    per perché più poi quale quando quella quelle quello questa queste questi questo qui se sei si sia
    siamo sono su sua sue sui sul sulla suo suoi tra tu tua tutti tutto un una uno voi`,
  nl: `aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus een
    eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in is
    ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat onder
    ons ook op over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat we wel werd
    wezen wie wij wil worden wordt zal ze zei zelf zich zij zijn zo zonder zou`,
  pt: `a à ao aos as às até com como da das de dela dele deles depois do dos e é ela elas ele eles em
    entre era eram essa essas esse esses esta está estão estas este estes eu foi foram há isso isto já
    lhe lhes mais mas me mesmo meu minha muito na não nas nem no nos nós nossa nosso num numa o os ou
    para pela pelas pelo pelos por qual quando que quem se sem ser seu seus só sua suas também te tem
    têm tu um uma você vocês`,
};

const sets = new Map<Language, ReadonlySet<string>>(
  languages.map((lang) => [lang, new Set(lists[lang].split(/\s+/).filter((w) => w.length > 0))]),
);

/** The stop words of a language (English for an unknown code). */
export function stopwordsFor(language: string = 'en'): ReadonlySet<string> {
  return sets.get(language as Language) ?? (sets.get('en') as ReadonlySet<string>);
}

/** Whether a normalised word is a stop word in `language` (default English). */
export function isStopword(word: string, language: string = 'en'): boolean {
  return stopwordsFor(language).has(word);
}

/**
 * The short English list full-text search drops from queries and the local embedding from its words
 * (close to NLTK's English list, without contractions): removing them changes ranking very little and
 * shrinks the set of documents a full-text OR query has to score. Shorter than `stopwordsFor('en')`,
 * which keyword extraction uses, so words such as "like" or "please" still count as search terms
 * (the SciFact figures in docs/benchmarks.md are measured with this list).
 */
export const searchStopwords: ReadonlySet<string> = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below ' +
    'between both but by can could did do does doing down during each few for from further had has have ' +
    'having he her here hers herself him himself his how i if in into is it its itself just me more most ' +
    'my myself no nor not now of off on once only or other our ours ourselves out over own same she should ' +
    'so some such than that the their theirs them themselves then there these they this those through to ' +
    'too under until up very was we were what when where which while who whom why will with would you ' +
    'your yours yourself yourselves'
  ).split(' '),
);
