"""Place names to GB/T 2260 codes, from cpca's gazetteer table.

Articles name places the way people write them: 城步县 for 城步苗族自治县,
湘西州 for 湘西土家族苗族自治州, 湖南 for 湖南省, a county after its province
(湖南省沅陵县). Every unit is indexed under its full name and these short forms.

The code table also has rows that are groupings, not places: a municipality's
市辖区 and 县, and the county-level cities a province administers directly
(省直辖县级行政区划). They are never looked up, so a bare 县 or 区 in a text
names nothing (cpca's own matcher reads "城步县" as Chongqing's 县 grouping).
A name several units bear (朝阳区, 鼓楼区) resolves only where the text or the
caller's scope says which one is meant.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

# Rows of the code table that group units without being one.
GROUPINGS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

# The 55 minority names as autonomous units print them before 自治 (with or without 族).
_ETHNIC = (
    "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|纳西|"
    "景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|"
    "保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|各族"
)
_ETHNIC_RUN = re.compile(rf"(?:(?:{_ETHNIC})族?)+(?=自治(?:县|旗|州|区)$)")
_PROVINCE_SUFFIX = re.compile(r"(?:省|市|特别行政区|(?:壮族|回族|维吾尔)?自治区)$")
_UNIT_SUFFIX = re.compile(r"(?:市|县|区|旗|州|地区|盟|林区|特区)$")
RANK_PROVINCE, RANK_CITY, RANK_COUNTY = 0, 1, 2


@lru_cache(maxsize=1)
def units() -> dict[str, tuple[str, int]]:
    """6-digit code -> (name, rank 0 province / 1 city / 2 county)."""
    import cpca  # heavy import (pandas): only when places are resolved

    return {code[:6]: (info.name, info.rank) for code, info in cpca.ad_2_addr_dict.items()}


def short_names(name: str, rank: int) -> set[str]:
    """The forms a text may use for a unit besides its full name."""
    out: set[str] = set()
    if rank == RANK_PROVINCE:
        stem = _PROVINCE_SUFFIX.sub("", name)
        if len(stem) >= 2:
            out.add(stem)
        return out
    if "自治" in name:
        # 城步苗族自治县 -> 城步县, 城步自治县, 城步; 鄂伦春自治旗 -> 鄂伦春旗, 鄂伦春.
        before = name[: name.index("自治")]
        m = _ETHNIC_RUN.search(name)
        stem = before[: m.start()] if m and m.start() >= 2 else before
        if len(stem) >= 2:
            kind = name[-1]
            out |= {stem + kind, stem + "自治" + kind, stem}
    else:
        stem = _UNIT_SUFFIX.sub("", name)
        if stem != name and len(stem) >= 2:
            out.add(stem)
    out.discard(name)
    return out


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, tuple[str, ...]], int]:
    """name -> codes bearing it (full names first), and the longest name's length."""
    full: dict[str, list[str]] = defaultdict(list)
    short: dict[str, list[str]] = defaultdict(list)
    for code, (name, rank) in units().items():
        if name in GROUPINGS:
            continue
        full[name].append(code)
        for alias in short_names(name, rank):
            short[alias].append(code)
    table = units()
    index: dict[str, tuple[str, ...]] = {}
    for name in full.keys() | short.keys():
        # A full name outranks the same string used as another unit's short form, and a
        # short form means the higher unit where several share it (吉林 is the province,
        # 吉林市 the city).
        codes = full.get(name)
        if not codes:
            top = min(table[c][1] for c in short[name])
            codes = [c for c in short[name] if table[c][1] == top]
        index[name] = tuple(sorted(set(codes)))
    return index, max(map(len, index))


def within(code: str, scope: str) -> bool:
    """`code` lies inside (or is) the unit `scope`."""
    scope = scope[:6]
    prefix = scope[:2] if scope[2:] == "0000" else scope[:4] if scope[4:] == "00" else scope
    return code.startswith(prefix)


def names_in(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, codes) of the place names in `text`, longest first, left to right."""
    index, longest = _index()
    found = []
    i = 0
    while i < len(text):
        for size in range(min(longest, len(text) - i), 1, -1):
            codes = index.get(text[i : i + size])
            if codes:
                found.append((i, i + size, codes))
                i += size
                break
        else:
            i += 1
    return found


def _pick(codes: tuple[str, ...], context: list[tuple[str, ...]], scope: str | None) -> str | None:
    """One code of several a name may mean: the one inside the places named before it, or the scope."""
    for earlier in reversed(context):
        inside = tuple(c for c in codes if any(within(c, e) and c != e for e in earlier))
        if inside:
            codes = inside
            break
    if len(codes) > 1 and scope:
        inside = tuple(c for c in codes if within(c, scope))
        codes = inside or codes
    return codes[0] if len(codes) == 1 else None


def place_code(text: str, scope: str | None = None, at_end: bool = False) -> str | None:
    """The code of the most specific place a short text names, or None.

    The last name in the text is the place; names before it say where it lies
    (湖南省城步县, 怀化市沅陵县). `at_end`: the name must end the text (a
    congress's place, read from just before 人大). `scope`: the caller's
    jurisdiction, which picks among units of one name (朝阳区 on Beijing's site)."""
    text = re.sub(r"\s+", "", text or "")
    if not text or text in GROUPINGS:
        return None
    found = names_in(text)
    if at_end:
        # The congress's own place ends the text; what the scan found before it is context.
        tail = _suffix_name(text)
        if tail is None:
            return None
        found = [f for f in found if f[1] <= tail[0]] + [tail]
    if not found:
        return None
    *context, (_, _, codes) = found
    return _pick(codes, [c for _, _, c in context], scope)


def _suffix_name(text: str) -> tuple[int, int, tuple[str, ...]] | None:
    """The longest place name ending `text` (at least two characters: 县 alone is none)."""
    index, longest = _index()
    for size in range(min(longest, len(text)), 1, -1):
        codes = index.get(text[-size:])
        if codes:
            return len(text) - size, len(text), codes
    return None
