"""Generic sentences about the organisation and its reasons, used around a measure's own fragments.

Each entry is (template, condition) where condition is a function of the record context
``c`` (a dict with keys size, year, impacts, sectors, symbiosis, invest) or None.
"""

B2B = {"metals", "machinery", "plastics", "automotive", "electronics", "chemicals", "textiles", "wood-paper", "food-beverages", "construction", "logistics"}
ENERGY = {"energy-efficiency", "renewable-energy", "emission-reduction"}
SME = ("micro", "small", "medium")

CONTEXT = [
    ("{org} {does} in {city} and employs about {staff} people.", None),
    ("Based in {city}, {org} {does} and has around {staff} employees.", None),
    ("{org} is {a_size_word} business in {region} that {does}.", None),
    ("With a workforce of about {staff}, {org} {does} from its site in {city}.", None),
    ("{org} is a family business near {city} that {does}.", lambda c: c["size"] in ("micro", "small")),
    ("{org} {does} at its {city} site, one of the larger employers in {region}.", lambda c: c["size"] == "large"),
    ("Founded in {founded}, {org} {does} and now employs around {staff} people in {city}.", None),
]

TRIGGERS = [
    ("An energy audit in {prev_year} ranked the project among the most cost-effective options.", lambda c: c["impacts"] & ENERGY),
    ("The mandatory energy audit for large companies, carried out in {prev_year}, put the measure near the top of the list.",
     lambda c: c["size"] == "large" and c["impacts"] & ENERGY and c["year"] >= 2015),
    ("The idea came from a workshop of the {cluster} in {prev_year}, where another member presented a similar project.", None),
    ("When energy prices spiked in 2022, the management brought forward a project that had been on the list for years.",
     lambda c: 2022 <= c["year"] <= 2024 and c["impacts"] & ENERGY),
    ("A large customer had started asking its suppliers for carbon footprint data and reduction plans.", lambda c: c["year"] >= 2019 and c["b2b"]),
    ("Rising waste disposal fees were the trigger.", lambda c: "waste-reduction" in c["impacts"]),
    ("A dry summer and restrictions on water use in {prev_year} put water high on the agenda.", lambda c: "water-efficiency" in c["impacts"] and c["year"] >= 2015),
    ("The environmental management system under ISO 14001 called for measurable annual targets.", lambda c: c["size"] != "micro"),
    ("While preparing its first sustainability report, {short} looked for projects with measurable results.", lambda c: c["year"] >= 2021 and c["size"] in ("medium", "large")),
    ("A free advisory visit by the regional energy agency in {prev_year} identified the opportunity.", lambda c: c["size"] in SME and c["impacts"] & ENERGY),
    ("The owners wanted to cut costs and emissions at the same time, and this project promised both.", lambda c: c["size"] in SME),
    ("The idea was put forward by an employee through the company's suggestion scheme.", None),
    ("A peer-learning group of SMEs run by the local chamber of commerce discussed the topic in {prev_year}.", lambda c: c["size"] in SME),
    ("Tighter EU rules made it clear that the old way of working would soon cost more.", lambda c: c["year"] >= 2016),
    ("A circular economy programme of the {cluster} helped {short} find partners for its residues.", lambda c: c["symbiosis"]),
    ("A matchmaking event for industrial symbiosis, organised by the {cluster}, brought the partners together.", lambda c: c["symbiosis"]),
    ("The company's bank offered better loan terms for projects with verified emission cuts.", lambda c: c["year"] >= 2020 and c["invest"]),
]

FUNDING = [
    ("About {subsidy}% of the cost was covered by a regional programme co-financed by the ERDF.", None),
    ("A national grant for SMEs covered part of the investment.", lambda c: c["size"] in SME),
    ("The project was financed with a green loan from the company's bank.", None),
    ("The investment qualified for accelerated tax depreciation for energy-saving equipment.", lambda c: c["impacts"] & ENERGY),
    ("The supplier pre-financed the work under an energy performance contract and is paid from the savings.", lambda c: "energy-efficiency" in c["impacts"]),
    ("The national climate fund contributed {subsidy}% of the eligible costs.", None),
]

GENERIC_RESULTS = [
    ("Metered savings come to about {energy} MWh a year.", ("energy",)),
    ("In total the measure saves {energy} MWh and {co2} t of CO2 a year.", ("energy", "co2")),
    ("Emissions fell by about {co2} t CO2-equivalent a year.", ("co2",)),
    ("Water use is down by {water} m³ a year.", ("water",)),
    ("Around {waste} t of material a year no longer ends up as waste.", ("waste",)),
    ("At {savings} saved a year, the {invest} investment pays back in {payback}.", ("savings", "invest", "payback")),
    ("{short} reports savings of {savings} a year.", ("savings",)),
]
ZERO_COST_RESULT = "The measure needed no investment and saves about {savings} a year."

NEXTS = [
    ("{short} now presents the project at meetings of the {cluster}.", None),
    ("Results are reviewed every month by the site's energy team.", lambda c: c["impacts"] & ENERGY and c["size"] != "micro"),
    ("The company plans to repeat the measure at its second site.", lambda c: c["size"] in ("medium", "large")),
    ("Encouraged by the results, {short} has started looking at {other}.", None),
    ("The case was published as a good practice by the regional energy agency.", None),
    ("Staff were involved from the start, which made the changes stick.", None),
]
OTHER_TOPICS = ["its compressed air system", "solar power on its roofs", "its packaging", "its waste streams", "water use",
                "heat recovery", "its vehicle fleet", "its lighting", "the heating of its buildings", "its suppliers' emissions"]

SIZE_ADJ = {"micro": ["small", "family-run", "small family-owned"], "small": ["small", "family-owned", "small"],
            "medium": ["mid-sized", "medium-sized"], "large": ["large", "major"]}
SIZE_WORD = {"micro": "micro-sized", "small": "small", "medium": "medium-sized", "large": "large"}
