"""Geoparser: recognition and resolution in the 8 languages, actor exclusions, event locations, seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from kabar.geo import Geoparser, Toponym, event_location, focus_country
from kabar.geo.gazetteer import distance_km

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
ALEPPO = (36.2021, 37.1343)


@pytest.fixture(scope="module")
def geo() -> Geoparser:
    return Geoparser()


def names(tops: list[Toponym]) -> dict[str, Toponym]:
    return {t.text: t for t in tops}


@pytest.mark.parametrize(
    ("text", "lang", "surface", "country", "near"),
    [
        ("Russian forces shelled Kharkiv on Monday.", "en", "Kharkiv", "UKR", (49.99, 36.23)),
        ("Tentara menyerang desa di dekat Aleppo.", "id", "Aleppo", "SYR", ALEPPO),
        ("قصفت الطائرات مدينة حلب", "ar", "حلب", "SYR", ALEPPO),
        ("Des combats ont éclaté à Goma.", "fr", "Goma", "COD", (-1.68, 29.22)),
        ("Protestas en Bogotá contra el gobierno.", "es", "Bogotá", "COL", (4.61, -74.08)),
        ("Обстрел Харькова продолжается.", "ru", "Харькова", "UKR", (49.99, 36.23)),
        ("Halep'te çatışmalar sürüyor.", "tr", "Halep", "SYR", ALEPPO),
        ("Angriffe auf Charkiw am Morgen.", "de", "Charkiw", "UKR", (49.99, 36.23)),
        ("Взрыв в Москве.", "ru", "Москве", "RUS", (55.75, 37.62)),
        ("Serangan udara di Gaza menewaskan warga.", "id", "Gaza", "PSE", (31.5, 34.47)),
    ],
)
def test_one_place_per_language(
    geo: Geoparser, text: str, lang: str, surface: str, country: str, near: tuple[float, float]
) -> None:
    found = names(geo.toponyms(text, lang))
    assert surface in found, found
    top = found[surface]
    assert top.country == country
    assert top.lat is not None and top.lon is not None
    assert distance_km(top.lat, top.lon, *near) < 50
    assert text[top.start : top.end] == surface


def test_arabic_clitic_and_head(geo: Geoparser) -> None:
    top = names(geo.toponyms("اشتباكات عنيفة في محافظة إدلب وبحلب", "ar"))
    assert "إدلب" in top and top["إدلب"].country == "SYR"
    assert top["إدلب"].precision == "admin1"  # "محافظة" (governorate) names the division
    assert "حلب" in top and top["حلب"].prep  # the clitic ب is stripped from the span


def test_demonyms_and_actors_are_not_places(geo: Geoparser) -> None:
    text = "The Syrian army said Washington imposed sanctions, and Mr. Jackson spoke."
    assert [t.text for t in geo.toponyms(text, "en")] == []
    assert [t.text for t in geo.toponyms("Pemerintah Suriah menolak, kata pejabat di Lebanon.", "id")] == ["Lebanon"]
    assert [t.text for t in geo.toponyms("وقال الجيش إن حكومة سوريا رفضت الهجوم على حلب", "ar")] == ["حلب"]


def test_country_named_inside_an_organisation_is_a_place(geo: Geoparser) -> None:
    top = names(geo.toponyms("Fighters of Hezbollah of Lebanon crossed the border.", "en"))
    assert top["Lebanon"].country == "LBN"


def test_country_before_same_named_town_and_containment(geo: Geoparser) -> None:
    assert names(geo.toponyms("Israel struck targets in Lebanon.", "en"))["Lebanon"].country == "LBN"
    top = names(geo.toponyms("A fire broke out in Lebanon, Pennsylvania, on Sunday.", "en"))
    assert top["Lebanon"].country == "USA" and top["Lebanon"].admin1 == "Pennsylvania"
    top = names(geo.toponyms("The mayor of Springfield, Ill., said the road is closed.", "en"))
    assert top["Springfield"].admin1 == "Illinois"


def test_admin_head_word(geo: Geoparser) -> None:
    top = names(geo.toponyms("Airstrikes hit villages in Idlib province overnight.", "en"))
    assert top["Idlib"].precision == "admin1" and top["Idlib"].country == "SYR"


def test_common_words_are_not_places(geo: Geoparser) -> None:
    text = "Reading the report in March, Police Chief Kelly Brown said the Mobile phone was found."
    assert geo.toponyms(text, "en") == []


def test_event_location_prefers_the_place_near_the_trigger(geo: Geoparser) -> None:
    text = "Syria said rebels attacked a checkpoint near Sheikh Maksoud while talks went on in Geneva."
    tops = geo.toponyms(text, "en")
    trigger = text.index("attacked")
    place = event_location(tops, (0, len(text)), (trigger, trigger + len("attacked")))
    assert place is not None and place.text == "Sheikh Maksoud"
    assert place.precision == "neighbourhood" and place.country == "SYR"
    assert place.lat is not None and distance_km(place.lat, place.lon, *ALEPPO) < 10  # type: ignore[arg-type]
    assert event_location(tops, (0, 5), (0, 5)) is None


def test_regions_limit_the_output(geo: Geoparser) -> None:
    text = "Clashes in Aleppo. Talks in Geneva."
    tops = geo.toponyms(text, "en", regions=[(0, 18)])
    assert [t.text for t in tops] == ["Aleppo"]


def test_resolve_gold_spans(geo: Geoparser) -> None:
    text = "Syrian and Turkish officials met in Ankara."
    spans = [(0, 6), (11, 18), (36, 42)]
    out = geo.resolve(text, spans, "en")
    assert [t.country if t else None for t in out] == ["SYR", "TUR", "TUR"]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not available")
def test_seed_aleppo_neighbourhoods(geo: Geoparser) -> None:
    text = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    tops = geo.toponyms(text, "en")
    found = names(tops)
    for name in ("Sheikh Saeed", "Jabal Bastro", "Sakhour", "Sheikh Maksoud", "East Aleppo"):
        top = found[name]
        assert top.country == "SYR" and top.precision == "neighbourhood", top
        assert distance_km(top.lat, top.lon, *ALEPPO) < 10  # type: ignore[arg-type]
    assert found["Aleppo"].precision == "city" and distance_km(found["Aleppo"].lat, found["Aleppo"].lon, *ALEPPO) < 10  # type: ignore[arg-type]
    assert found["Damascus"].country == "SYR" and found["Russia"].country == "RUS"
    assert focus_country(tops) == "SYR"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not available")
def test_seed_indonesian(geo: Geoparser) -> None:
    text = next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8")
    tops = geo.toponyms(text, "id")
    by_text = names(tops)
    expected = {"Aleppo": "SYR", "Suriah": "SYR", "Lebanon": "LBN", "Ukraina": "UKR", "Israel": "ISR", "Rusia": "RUS"}
    for surface, country in expected.items():
        assert by_text[surface].country == country, surface
    assert by_text["Aleppo"].precision == "city"
    assert focus_country(tops) == "SYR"
    assert "Hamas" not in by_text and "Macy" not in by_text


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not available")
def test_seed_opinion_piece(geo: Geoparser) -> None:
    text = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    by_text = names(geo.toponyms(text, "en"))
    assert by_text["Aleppo"].precision == "city" and by_text["Damascus"].country == "SYR"
    assert by_text["east Aleppo"].precision == "neighbourhood"


def test_state_names_before_same_named_towns(geo: Geoparser) -> None:
    top = names(geo.toponyms("Wildfires spread across California and Oregon this week.", "en"))
    assert top["California"].precision == "admin1" and top["Oregon"].precision == "admin1"
    top = names(geo.toponyms("The suspect fled to New York on Monday.", "en"))
    assert top["New York"].precision == "city"  # the namesake city, not the state around it


def test_uk_counties_and_province_abbreviations(geo: Geoparser) -> None:
    text = "Flooding hit villages in Kent and Essex, while fires burned near Kelowna, B.C."
    top = names(geo.toponyms(text, "en"))
    assert top["Kent"].country == "GBR" and top["Kent"].precision == "admin2"
    assert top["Essex"].country == "GBR"
    assert top["B.C"].country == "CAN" and top["B.C"].precision == "admin1"  # the final dot ends the sentence


def test_world_regions(geo: Geoparser) -> None:
    top = names(geo.toponyms("Tensions in the Middle East and North Africa rose.", "en"))
    assert top["Middle East"].feature == "REGION" and top["Middle East"].country is None
    assert top["North Africa"].feature == "REGION"


def test_resolve_names_that_contain_a_place(geo: Geoparser) -> None:
    text = "Students at the University of Alberta and staff at the British Embassy Tokyo took part."
    spans = [(text.index("University"), text.index(" and")), (text.index("British"), text.index(" took"))]
    uni, embassy = geo.resolve(text, spans, "en")
    assert uni is not None and uni.name == "Alberta"
    assert embassy is not None and embassy.country == "JPN"  # an embassy lies outside its own country


def test_region_gold_has_no_country() -> None:
    from kabar.evaluate.geo import Gold, _Countries

    countries = _Countries(Geoparser().gz)
    assert countries(Gold(0, 11, True, False, 33.1, 35.9, 1, name="Middle East")) is None
    assert countries(Gold(0, 6, True, False, 36.2, 37.13, 1, name="Aleppo")) == "SYR"


def test_unknown_name_falls_back_to_the_main_country(geo: Geoparser) -> None:
    text = (
        "Noma said the clinic in Cape Town was closed. Noma waited. Noma asked the Western Cape health office, "
        "then travelled to Durban. Noma later spoke to reporters at the Ubuntu Family Centre."
    )
    (centre,) = geo.resolve(text, [(text.index("Ubuntu"), text.index(".", text.index("Ubuntu")))], "en")
    assert centre is not None and centre.country == "ZAF"


def test_facility_named_after_a_place_abroad(geo: Geoparser) -> None:
    text = "In Cairo, boys train at the Liverpool Academy. The Cairo club hopes to find the next star in Egypt."
    (academy,) = geo.resolve(text, [(text.index("Liverpool"), text.index(". The"))], "en")
    assert academy is not None and academy.country == "EGY"


def test_town_named_like_a_country_among_its_neighbours(geo: Geoparser) -> None:
    text = (
        "A Palestine man was arrested in Elkhart on Monday. Deputies from Palestine and Jacksonville, "
        "Texas, joined officers from Tyler and Frankston."
    )
    top = names(geo.toponyms(text, "en"))
    assert top["Palestine"].country == "USA" and top["Palestine"].admin1 == "Texas"
    top = names(geo.toponyms("Talks on Palestine and Israel resumed in Cairo and Amman.", "en"))
    assert top["Palestine"].country == "PSE"


def test_divisions_without_a_town_of_their_name(geo: Geoparser) -> None:
    top = names(geo.toponyms("Fighting spread from Chechnya to Dagestan on Monday, Moscow said.", "en"))
    assert top["Chechnya"].country == "RUS" and top["Chechnya"].precision == "admin1"
    assert distance_km(top["Dagestan"].lat, top["Dagestan"].lon, 42.9, 47.1) < 150  # type: ignore[arg-type]
    top = names(geo.toponyms("Air strikes hit Gaza overnight; protests followed in Jerusalem.", "en"))
    assert top["Gaza"].country == "PSE" and top["Jerusalem"].precision == "city"  # not the divisions named so
    top = names(geo.toponyms("The Russian consul in St. Petersburg left Russia.", "en"))
    assert top["St. Petersburg"].country == "RUS"


def test_hand_placed_divisions_contain_their_towns(geo: Geoparser) -> None:
    text = "He grew up in Kitchener, Ontario, before moving to California and Oregon."
    top = names(geo.toponyms(text, "en"))
    assert top["Kitchener"].admin1 == "Ontario"
    assert top["Ontario"].country == "CAN" and top["Ontario"].precision == "admin1"
    top = names(geo.toponyms("Protests in Munich, Bavaria and Dresden, Saxony.", "en"))
    assert top["Munich"].admin1 == "Bayern" and top["Dresden"].admin1 == "Sachsen"
    assert top["Saxony"].name == "Sachsen"


def test_us_counties_lie_at_their_towns(geo: Geoparser) -> None:
    text = "The burn ban for Walker County was lifted after the Huntsville fire chief met the Walker County judge."
    top = names(geo.toponyms(text, "en"))
    county = top["Walker County"]
    assert county.precision == "admin2" and county.admin1 == "Texas"
    assert distance_km(county.lat, county.lon, 30.74, -95.57) < 40  # type: ignore[arg-type]
    assert top["Huntsville"].admin1 == "Texas"  # the town inside the named county, not the bigger namesake


def test_names_listed_before_a_plural_division_word(geo: Geoparser) -> None:
    top = names(geo.toponyms("Schools in Gwinnett, Fulton and DeKalb counties closed; Atlanta was calm.", "en"))
    assert {top[n].name for n in ("Gwinnett", "Fulton", "DeKalb")} == {
        "Gwinnett County",
        "Fulton County",
        "DeKalb County",
    }
    assert all(top[n].admin1 == "Georgia" and top[n].precision == "admin2" for n in ("Gwinnett", "Fulton", "DeKalb"))
    top = names(geo.toponyms("Flooding hit several Ohio counties on Monday.", "en"))
    assert top["Ohio"].precision == "admin1"  # a state's counties, not Ohio County


def test_bare_name_of_a_county_the_article_names(geo: Geoparser) -> None:
    text = "The Clarke County board met on Monday. While Clarke and Oconee update their policies, Oconee County waits."
    top = names(geo.toponyms(text, "en"))
    assert top["Clarke"].name == "Clarke County" and top["Clarke"].admin1 == "Georgia"
    assert top["Oconee"].precision == "admin2"


def test_initials_and_compass_words_are_not_places(geo: Geoparser) -> None:
    top = names(geo.toponyms("The play by J.M. Barrie opens in Paris, Tennessee.", "en"))
    assert "Barrie" not in top and top["Paris"].country == "USA"
    top = names(geo.toponyms("A sewer spill in Gainesville reached schools across Northeast Georgia.", "en"))
    assert "Northeast" not in top and top["Georgia"].country == "USA" and top["Georgia"].precision == "admin1"


def test_part_of_a_facility_name_that_is_a_known_site(geo: Geoparser) -> None:
    text = "Officials in London said the Heathrow Animal Reception Centre took in the dogs."
    span = (text.index("Heathrow"), text.index(" took"))
    (centre,) = geo.resolve(text, [span], "en")
    assert centre is not None and centre.country == "GBR"
    assert distance_km(centre.lat, centre.lon, 51.47, -0.45) < 20  # type: ignore[arg-type]


def test_surnames_used_as_names_are_not_places(geo: Geoparser) -> None:
    text = (
        "Police shot Tyrise M. Bell in Las Vegas. Bell ran from the officer. Moore, 19, told the judge in Richmond "
        "that Moore was innocent. The city paid Stevens & Wilkinson for the design; Stevens later sued. "
        "Pope Francis visited Rome, where Francis prayed."
    )
    found = {t.text for t in geo.toponyms(text, "en")}
    assert {"Las Vegas", "Richmond", "Rome"} <= found
    assert not found & {"Bell", "Moore", "Stevens", "Francis"}


def test_one_name_before_a_plural_division_word(geo: Geoparser) -> None:
    top = names(geo.toponyms("Unemployment in the four metro Athens counties rose, Georgia officials said.", "en"))
    assert top["Athens"].precision == "city"
