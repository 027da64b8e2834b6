"""What a value is about, read from the words around it: which network, which service.

Networks: on-net (the operator's own brands, "внутри сети", "Onnet", "өзара"), off-net (other
Kazakh mobile operators, landlines allowed alongside), international, roaming, landline-only,
corporate group. Off-net wording wins over a brand name in the same phrase ("other operators and
Russia (Beeline)"), and international never counts as off-net. Services: voice, SMS, general
data, or app-specific traffic (YouTube, social networks, KAZNET, BeeTV), which is not general data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from normalizer import memo, patterns

Network = Literal["onnet", "offnet", "all", "intl", "roaming", "landline", "corporate"]
Service = Literal["voice", "sms", "data", "apps"]

BRANDS: dict[str, tuple[str, ...]] = {
    "beeline": ("beeline", "билайн"),
    "kcell": ("kcell", "activ", "актив"),
    "activ": ("activ", "kcell", "актив"),
    "tele2": ("tele2", "теле2", "tele 2", "altel", "алтел"),  # one network since 2019
    "altel": ("altel", "алтел", "tele2", "теле2"),
    "izi": ("izi",),
}

_I = re.IGNORECASE
_OFFNET = patterns.compile(
    r"други[хе]\s+(?:сотов\w+\s+|мобильн\w+\s+)?(?:операторов|операторам|сетей)"
    r"|други[ехм]\w*\s+мобильн\w*|на\s+мобильн\w*\s+оператор\w*|других\s+операторов"
    r"|(?:басқа|өзге)\s+(?:мобильді|ұялы|оператор\w*)|ұялы\s+оператор\w*|\bмоб\.|мобильді\s+нөмір"
    r"|other\s+(?:kz\s+|kazakh\w*\s+|domestic\s+)?(?:mobile|operator|network|carrier)\w*"
    r"|други[ехм]\w*\s+сет(?:и|ей|ям|ях)|other\s+networks?|басқа\s+желі\w*"
    r"|\boffnet\b|\boff-net\b|любые\s+мобильн\w*|все\s+номера",
    _I,
)
# Every network at once: the minutes count inside the network and to other operators alike.
_ALL = patterns.compile(
    r"всех\s+оператор\w*|на\s+все\s+сети|все\s+сети|all\s+networks|all\s+(?:kz\s+)?operators"
    r"|барлық\s+оператор\w*|барлық\s+желі\w*|any\s+network",
    _I,
)
_INTL = patterns.compile(
    r"международн\w*|\binternational\b|халықаралық|за\s+рубеж|шетел\w*|\bв\s+\d+\s+стран"
    r"|to\s+\d+\s+countries",
    _I,
)
_ROAMING = patterns.compile(r"роуминг\w*|roaming", _I)
_LANDLINE = patterns.compile(r"городск\w*|қала\w*|стационарн\w*|landline\w*|fixed", _I)
_ONNET = patterns.compile(
    r"внутри\s+сети|в\s+сети|в\s+пределах\s+сети|внутрисет\w*|желі\w*\s+ішін\w*|\bonnet\b|on-net"
    r"|өзара|within\s+the\s+network|inside\s+the\s+network|абонент\w*\s+сети",
    _I,
)
_CORPORATE = patterns.compile(r"корпоратив\w*|corporate|group", _I)
_APPS = patterns.compile(
    r"youtube|instagram|facebook|tiktok|whatsapp|telegram|viber|vkontakte|\bvk\b|twitter|twitch"
    r"|netflix|snapchat|tinder|pinterest|одноклассник|odnoklassniki|соцсет\w*|социальн\w*\s+сет\w*"
    r"|әлеуметтік\s+желі\w*|social\s+network\w*|мессенджер\w*|messenger\w*|kaznet|казнет"
    r"|beetv|видеоконференц\w*|приложени\w*|\bapps?\b|music|музык\w*|\bios\b",
    _I,
)
_SMS = patterns.compile(
    r"\bsms\b|\bсмс\b|сообщени\w*|хабарлама\w*|\bmms\b|\bммс\b|\btexts\b|\btext\s+messages?\b", _I
)
_VOICE = patterns.compile(
    r"звонк\w*|звонит\w*|вызов\w*|минут\w*|\bмин\b|қоңырау\w*|\bcalls?\b|\bvoice\b|исходящ\w*"
    r"|шығыс|\bminutes?\b|нөмір\w*|номер\w*|numbers?",
    _I,
)
_DATA = patterns.compile(
    r"интернет\w*|internet|трафик\w*|traffic|\bdata\b|\bгб\b|\bgb\b|мобильн\w*\s+интернет", _I
)


@dataclass(frozen=True)
class Subject:
    network: Network | None
    service: Service | None


@memo.cached()
def network_of(text: str, operator: str) -> Network | None:
    """The network a phrase talks about, or None when it names none."""
    if _ALL.search(text):
        return "all"
    if _OFFNET.search(text):
        return "offnet"
    if _INTL.search(text):
        return "intl"
    if _ROAMING.search(text):
        return "roaming"
    brands = BRANDS.get(operator, ())
    low = text.lower()
    if _ONNET.search(text) or any(re.search(rf"(?<!\w){re.escape(b)}", low) for b in brands):
        return "onnet"
    if _LANDLINE.search(text):
        return "landline"
    if _CORPORATE.search(text):
        return "corporate"
    return None


@memo.cached()
def service_of(text: str) -> Service | None:
    """The service a phrase talks about (apps beat data: 'трафик на YouTube' is app traffic)."""
    if _APPS.search(text):
        return "apps"
    if _SMS.search(text):
        return "sms"
    if _VOICE.search(text):
        return "voice"
    if _DATA.search(text):
        return "data"
    return None


def subject_of(text: str, operator: str) -> Subject:
    return Subject(network_of(text, operator), service_of(text))


def mentions_apps(text: str) -> bool:
    return bool(_APPS.search(text))


def mentions_roaming(text: str) -> bool:
    return bool(_ROAMING.search(text))
