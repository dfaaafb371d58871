"""Word lists that tell the matcher which words carry little identity.

Legal forms are rewritten to one canonical token (so "Company Limited", "Co., Ltd." and "有限公司" compare
equal) and weigh almost nothing; region and industry words weigh little, so that "Shenzhen X Technology"
and "Shenzhen Y Technology" differ by what matters (X vs Y). The lists are our own engineering choices,
informed by the legal-form groups of OpenSanctions rigour `resources/names/org_types.yml` and the complaints
collected in shared/reference/screening.md §6 (generic-token false positives).
"""

from __future__ import annotations

# Multi-word legal forms, written as they look after folding (lower case, ASCII, punctuation -> space).
# Value: the canonical tokens. Longest phrases are matched first.
LEGAL_PHRASES: dict[str, str] = {
    "limited liability company": "llc",
    "limited liability partnership": "llp",
    "limited partnership": "lp",
    "public limited company": "plc",
    "private limited company": "pvt ltd",
    "private limited": "pvt ltd",
    "public joint stock company": "pjsc",
    "open joint stock company": "ojsc",
    "closed joint stock company": "cjsc",
    "joint stock company": "jsc",
    "joint stock co": "jsc",
    "obshchestvo s ogranichennoy otvetstvennostyu": "ooo",
    "obshchestvo s ogranichennoi otvetstvennostyu": "ooo",
    "obschestvo s ogranichennoy otvetstvennostyu": "ooo",
    "publichnoe aktsionernoe obshchestvo": "pao",
    "zakrytoe aktsionernoe obshchestvo": "zao",
    "otkrytoe aktsionernoe obshchestvo": "oao",
    "aktsionernoe obshchestvo": "ao",
    "gesellschaft mit beschrankter haftung": "gmbh",
    "sociedad anonima": "sa",
    "societe anonyme": "sa",
    "societa per azioni": "spa",
    "sendirian berhad": "sdn bhd",
    "free zone establishment": "fze",
    "free zone company": "fzco",
    "free zone llc": "fz llc",
    "youxian zeren gongsi": "co ltd",
    "gufen youxian gongsi": "co ltd",
    "youxian gongsi": "co ltd",
    "sa de cv": "sa cv",
    "s de rl de cv": "srl cv",
    "s de rl": "srl",
}

# Single tokens that are legal forms once folded; mapped to the canonical spelling.
LEGAL_TOKENS: dict[str, str] = {
    "company": "co", "co": "co", "companies": "co", "cos": "co", "gongsi": "co", "compania": "co", "cia": "co",
    "limited": "ltd", "ltd": "ltd", "ltda": "ltd", "youxian": "ltd",
    "corporation": "corp", "corp": "corp",
    "incorporated": "inc", "inc": "inc",
    "llc": "llc", "llp": "llp", "lp": "lp", "plc": "plc", "pvt": "pvt", "private": "pvt",
    "jsc": "jsc", "pjsc": "pjsc", "ojsc": "ojsc", "cjsc": "cjsc", "ooo": "ooo", "zao": "zao", "oao": "oao",
    "pao": "pao", "ao": "ao", "tov": "tov", "pat": "pat", "gmbh": "gmbh", "ag": "ag", "kg": "kg", "se": "se",
    "sa": "sa", "sarl": "sarl", "sas": "sas", "srl": "srl", "spa": "spa", "bv": "bv", "nv": "nv", "ab": "ab",
    "oy": "oy", "as": "as", "asa": "asa", "aps": "aps", "pte": "pte", "pty": "pty", "bhd": "bhd",
    "sdn": "sdn", "berhad": "bhd", "fze": "fze", "fzco": "fzco", "fzc": "fzc", "fz": "fz", "fzd": "fzd",
    "kk": "kk", "kabushiki": "kk", "kaisha": "kk", "sp": "sp", "zoo": "zoo", "doo": "doo", "dd": "dd",
    "as": "as", "sti": "sti", "tic": "tic", "ltdsti": "ltd", "coltd": "co ltd", "corpltd": "corp ltd",
    "llp": "llp", "pc": "pc", "pllc": "pllc", "gk": "gk", "ug": "ug", "eood": "eood", "ood": "ood",
    "establishment": "est", "est": "est", "cv": "cv", "sl": "sl", "ltda": "ltd",
}

# Words that say where a company is, not which one it is (Chinese provinces and big cities in pinyin,
# places often seen on the lists). Weighted low, never ignored.
REGION_WORDS: frozenset[str] = frozenset(
    """
    china chinese prc zhongguo hong kong hongkong hk kowloon macau macao taiwan taipei singapore asia asian
    pacific global world europe european east west north south eastern western northern southern central
    beijing shanghai tianjin chongqing shenzhen guangzhou dongguan foshan zhuhai huizhou zhongshan xiamen
    fuzhou quanzhou ningbo hangzhou wenzhou suzhou wuxi changzhou nanjing hefei wuhu jinan qingdao yantai
    zhengzhou luoyang wuhan changsha nanchang chengdu mianyang xian lanzhou xining yinchuan urumqi
    kunming guiyang nanning haikou harbin changchun shenyang dalian taiyuan shijiazhuang baoding hohhot
    baotou guangdong jiangsu zhejiang shandong sichuan hubei hunan henan hebei shaanxi shanxi fujian anhui
    jiangxi liaoning jilin heilongjiang yunnan guizhou guangxi hainan gansu qinghai ningxia xinjiang tibet
    inner mongolia mianyang zibo weifang
    russia russian moscow petersburg saint st novosibirsk yekaterinburg iran iranian tehran isfahan uae
    dubai sharjah abu dhabi emirates turkey istanbul ankara pakistan karachi lahore islamabad india
    malaysia kuala lumpur thailand bangkok vietnam korea korean pyongyang syria damascus lebanon beirut
    belarus minsk ukraine kiev kyiv crimea armenia yerevan kazakhstan almaty uzbekistan tashkent america
    american usa us uk britain british germany german international intl national
    """.split()
)

# Words that say what a company does. Weighted low. (Kept deliberately small: the index's rarity weights
# do the rest, so a word frequent on the list is cheap even if it is not here.)
GENERIC_WORDS: frozenset[str] = frozenset(
    """
    technology technologies tech technical science sciences scientific electronic electronics electronical
    electric electrical electro electromechanical trading trade traders import export imports exports
    industrial industry industries group holding holdings information info development developments
    engineering equipment equipments instrument instruments communication communications telecom network
    networks semiconductor semiconductors micro microelectronics software systems system products product
    manufacturing manufacture machinery machine materials material precision intelligent digital data
    computer computing logistics shipping services service solutions supply supplies enterprise
    enterprises investment investments commercial commerce development resources energy power energy
    research institute academy university laboratory lab center centre factory plant automation control
    optical optoelectronic optoelectronics photonics aerospace aviation defense defence
    """.split()
)

# Person-name titles and generational suffixes: they say nothing about who it is. Not "eng", "gen" or "hon":
# those are also surnames (Eng is a Hokkien surname, Hon a Cantonese one).
PERSON_AFFIXES: frozenset[str] = frozenset("mr mrs ms miss mx dr prof sir dame rev jr sr ii iii iv col brig maj capt lt sgt".split())
# Arabic and Persian honorifics that are also surnames or part of a listed name ("Umair Naeem SHEIKH",
# "Shaykh Abd-al-Majid AL-ZINDANI"): they weigh little but still count
PERSON_HONORIFICS: frozenset[str] = frozenset("sheikh shaikh shaykh sheik haji hajji hadji sayyid sayed seyed".split())

# Particles of Arabic and Dutch/German names: not a name by themselves in a name of three words or more
# ("Ahmad bin Ali"), and often written onto the next word ("alkurd" / "al-kurd")
PERSON_PARTICLES: frozenset[str] = frozenset("bin ibn abu al el van von der de".split())

STOP_WORDS: frozenset[str] = frozenset("and of the for & de la le du des di da del el al y und et an a in on at to".split())

# Han words -> English (or canonical legal) before pinyin, so "合肥联宝信息技术有限公司" yields
# "hefei lianbao information technology co ltd". Simplified and traditional forms both listed.
HAN_GLOSSARY: dict[str, str] = {
    "股份有限公司": " co ltd ", "有限责任公司": " co ltd ", "有限責任公司": " co ltd ", "有限公司": " co ltd ",
    "集团": " group ", "集團": " group ", "公司": " co ", "有限": " ltd ",
    "科技": " technology ", "技术": " technology ", "技術": " technology ", "信息": " information ",
    "資訊": " information ", "资讯": " information ", "微电子": " microelectronics ", "微電子": " microelectronics ",
    "电子": " electronics ", "電子": " electronics ", "半导体": " semiconductor ", "半導體": " semiconductor ",
    "进出口": " import export ", "進出口": " import export ", "贸易": " trading ", "貿易": " trading ",
    "国际": " international ", "國際": " international ", "实业": " industrial ", "實業": " industrial ",
    "工业": " industry ", "工業": " industry ", "研究所": " research institute ", "研究院": " research institute ",
    "大学": " university ", "大學": " university ", "航天": " aerospace ", "航空": " aviation ",
    "通信": " communication ", "通讯": " communication ", "通訊": " communication ", "网络": " network ",
    "網絡": " network ", "软件": " software ", "軟件": " software ", "控股": " holdings ", "发展": " development ",
    "發展": " development ", "设备": " equipment ", "設備": " equipment ", "仪器": " instrument ",
    "儀器": " instrument ", "光电": " optoelectronics ", "光電": " optoelectronics ", "计算机": " computer ",
    "計算機": " computer ", "中国": " china ", "中國": " china ", "香港": " hong kong ", "工程": " engineering ",
    "制造": " manufacturing ", "製造": " manufacturing ", "投资": " investment ", "投資": " investment ",
    "物流": " logistics ", "材料": " materials ", "系统": " systems ", "系統": " systems ", "数据": " data ",
    "數據": " data ", "智能": " intelligent ", "精密": " precision ", "能源": " energy ", "装备": " equipment ",
    "裝備": " equipment ", "电气": " electric ", "電氣": " electric ",
}

# Letters that look Latin but are not (Cyrillic, Greek): used only inside tokens that mix scripts.
HOMOGLYPHS: dict[str, str] = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ɡ": "g", "ο": "o", "α": "a",
    "ν": "v", "ρ": "p", "τ": "t", "ι": "i", "κ": "k", "μ": "m", "υ": "u", "χ": "x", "ε": "e", "β": "b",
    "η": "n", "ϲ": "c", "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th",
}

# Plain Cyrillic -> Latin (BGN/PCGN-like), for names written wholly in Cyrillic.
CYRILLIC: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}
