"""Illustrative entries for the Marrakech 2018 demo: written for the demo, not any city's real
pledges (the public list says so)."""

from __future__ import annotations

from datetime import date

# theme slug: kind: [(title, support areas as "area" or "partnerships:level")]
ENTRIES: dict[str, dict[str, list[tuple[str, str]]]] = {
    "vulnerabilities": {
        "doing": [
            ("Mobile legal clinic for residents without papers", ""),
            ("Safe shelter network for unaccompanied children", ""),
            ("City services do not share data with immigration enforcement", ""),
            ("Anti-trafficking referral desk at the bus station", ""),
            ("Night outreach teams for people sleeping rough", ""),
        ],
        "commitment": [
            ("Train 300 front-line staff to spot trafficking by 2020", ""),
            ("Open a 24-hour helpline in five languages", ""),
            ("A guardian for every unaccompanied child within 72 hours", ""),
            ("A yearly report on migrants in vulnerable situations", ""),
            ("A city identity card open to every resident", ""),
        ],
        "support_needed": [
            ("Funding for a second children's shelter", "resources"),
            ("Case-management software shared with NGOs", "tools"),
            ("A partner city to exchange guardianship practice", "partnerships:global"),
            ("Standards to count people without papers safely", "tools"),
            ("A national agreement on referring trafficking survivors", "partnerships:national"),
        ],
    },
    "basic-services": {
        "doing": [
            ("Health cards for every resident, whatever their status", ""),
            ("School enrolment without proof of address", ""),
            ("A multilingual one-stop service desk", ""),
            ("An emergency housing fund for newcomers", ""),
            ("Free legal aid at the municipal library", ""),
        ],
        "commitment": [
            ("Every migrant child in school within 30 days of arrival", ""),
            ("Two more primary-care clinics in arrival districts", ""),
            ("The 20 most used city forms in six languages", ""),
            ("Halve waiting times for housing assistance", ""),
            ("Train 500 health workers in culturally sensitive care", ""),
        ],
        "support_needed": [
            ("Financing for social housing in arrival districts", "resources"),
            ("Interpreting tools for clinics", "tools"),
            ("A partnership with the national health insurer", "partnerships:national"),
            ("Standards to recognise foreign school records", "tools,partnerships:global"),
            ("Data on who city services do not reach", "tools,resources"),
        ],
    },
    "inclusion": {
        "doing": [
            ("Fast-track recognition of foreign diplomas", ""),
            ("Mentors pairing newcomers with local employers", ""),
            ("A migrant advisory council to the mayor", ""),
            ("Start-up grants for migrant entrepreneurs", ""),
            ("A city festival of diaspora cultures", ""),
        ],
        "commitment": [
            ("1,000 newcomers in jobs or training by 2020", ""),
            ("10 % of city apprenticeships for refugees", ""),
            ("An anti-discrimination campaign on public transport", ""),
            ("Language classes in every district", ""),
            ("Diaspora associations in the city's development plan", ""),
        ],
        "support_needed": [
            ("Seed funding for a skills-matching platform", "resources,tools"),
            ("Tools to measure social cohesion", "tools"),
            ("A global partnership with diaspora networks", "partnerships:global"),
            ("A partnership with the local employers' federation", "partnerships:local"),
            ("Financing for language classes at scale", "resources"),
        ],
    },
}
EXTRA_OBJECTIVES = {"vulnerabilities": [10, 4, 13], "basic-services": [3, 17], "inclusion": [6, 18]}
# Each published entry follows one of these reports in turn: (day, status, percent); a day
# of None is "this many days before the demo was made", so green and amber show whatever
# the date the demo is seeded (reports from 2019 and 2020 alone would all be red by now).
REPORTS: list[list[tuple[date | int, str, int | None]]] = [
    [(date(2019, 6, 14), "planning", None), (date(2020, 3, 2), "in_progress", 40)],
    [(date(2019, 9, 30), "in_progress", 60), (date(2020, 11, 20), "fulfilled", 100)],
    [(date(2019, 4, 8), "planning", 10), (date(2020, 6, 15), "not_pursued", None)],
    [],
    [(date(2019, 5, 21), "in_progress", 20), (90, "in_progress", 70)],
    [(date(2020, 1, 17), "planning", None), (540, "in_progress", 50)],
    [(date(2019, 11, 4), "in_progress", 30)],
]
NARRATIVES = {
    "planning": "The team is in place and the budget line is agreed.",
    "in_progress": "Work is under way; the figures below are the city's own.",
    "fulfilled": "Done: the target was reached and is now part of the city's regular work.",
    "not_pursued": "Set aside after the budget review; the city explains why in its report.",
}

# kind, offerer, theme slug or "", title, support areas, GCM objectives
OFFERS: list[tuple[str, str, str, str, str, list[int]]] = [
    ("un_agency", "A UN migration agency", "", "Migration data profiles for cities", "tools",
     [1, 23]),
    ("un_agency", "A UN refugee agency", "vulnerabilities",
     "Training on identifying people in need of protection", "tools,partnerships:global", [7, 12]),
    ("city_network", "A network of mayors", "inclusion", "Peer exchanges between member cities",
     "partnerships:global", [16, 23]),
    ("city_network", "A regional city network", "basic-services",
     "Shared guidance on access to services for all residents", "tools", [15]),
    ("foundation", "A private foundation", "inclusion", "Seed grants for inclusion projects",
     "resources", [16, 19]),
    ("development_bank", "A regional development bank", "basic-services",
     "Loans for social housing in arrival districts", "resources", [15, 22]),
    ("city", "Barcelona", "basic-services", "Our one-stop service desk, shown to visiting teams",
     "partnerships:global,tools", [15]),
    ("other", "A university research centre", "", "Surveys of newcomers, designed with cities",
     "tools,partnerships:local", [1, 17]),
]  # fmt: skip
