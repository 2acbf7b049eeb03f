# METADATA
# title: ZVH autorisatie — rapportage
# description: >-
#   Who may read the quarterly report for partners and funders (issue 9): aggregates per
#   quarter and gemeente, small counts suppressed, no casus and no content. Overleg and intake
#   each ask the same question before they count. Part of package zvh.authz.
# scope: package
package zvh.authz

grondslag_verantwoording := "wettelijke taak / verantwoording aan partners en financiers (geaggregeerd)"

# METADATA
# title: Rapportage inzien
# description: >-
#   ZVH staff who account for the work — the procesregisseur, the notulist (administratief
#   medewerker) and the beheerder — read the aggregate report. Partner professionals and the
#   FG do not: they receive the report from the ZVH.
toestaan contains {
	"regel": "rapportage-inzien",
	"reden": sprintf("%s van het ZVH ziet de geaggregeerde kwartaalrapportage", [rapportage_rol]),
	"grondslag": grondslag_verantwoording,
	"verplichtingen": [],
} if {
	input.action == "read"
	input.resource.type == "rapportage"
	input.context.doel == "verantwoording"
	input.subject.org == zvh
	rapportage_rol
}

rapportage_rol := "procesregisseur" if {
	heeft_rol("procesregisseur")
} else := "notulist" if {
	heeft_rol("notulist")
} else := "beheerder" if {
	heeft_rol("beheerder")
}
