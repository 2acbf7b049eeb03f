# METADATA
# title: ZVH autorisatie — overleggen
# description: >-
#   Who plans an overleg, who keeps its minutes and who sees the whole of it. Overleg asks these
#   (resource type `overleg`, `item` = the overleg id when there is one) and applies the answer;
#   which casussen on the agenda a partner sees follows from the `casus` and `actielijst` rules.
# scope: package
package zvh.authz

# METADATA
# title: Overleggen plannen
# description: >-
#   Only the ZVH procesregisseur plans, changes and cancels an overleg or a series, sets a
#   Casus Plus casus' overlegritme and finalises the verslag.
toestaan contains {
	"regel": "overleg-plannen",
	"reden": "procesregisseur van het ZVH plant het overleg",
	"grondslag": grondslag_convenant,
	"verplichtingen": [],
} if {
	input.action == "plan"
	input.resource.type == "overleg"
	procesregisseur_van_zvh
}

# METADATA
# title: Overleg notuleren
# description: >-
#   The ZVH procesregisseur or notulist records attendance. The minutes themselves (actielijst,
#   bouwschema) are `actielijst` and `informatie-item` writes with their own rules.
toestaan contains {
	"regel": "overleg-notuleren",
	"reden": "procesregisseur of notulist van het ZVH notuleert het overleg",
	"grondslag": grondslag_convenant,
	"verplichtingen": [],
} if {
	input.action == "notuleren"
	input.resource.type == "overleg"
	zvh_regie
}

# METADATA
# title: Het hele overleg zien
# description: >-
#   The ZVH regie sees every overleg with its whole agenda, every genodigde's answer and reason,
#   and the verslag's concept. A question without `casus` asks for that whole; a deelnemer sees
#   an overleg only for its own casussen (the `casus` rules), so it is not allowed here.
toestaan contains {
	"regel": "overleg-regie-lezen",
	"reden": "procesregisseur of notulist van het ZVH ziet het hele overleg",
	"grondslag": grondslag_convenant,
	"verplichtingen": [],
} if {
	input.action == "read"
	input.resource.type == "overleg"
	not is_string(input.resource.casus)
	zvh_regie
}

procesregisseur_van_zvh if {
	input.subject.org == zvh
	heeft_rol("procesregisseur")
}

toelichting contains "alleen de procesregisseur van het ZVH plant overleggen" if {
	input.action == "plan"
	input.resource.type == "overleg"
	not procesregisseur_van_zvh
}

toelichting contains "alleen de procesregisseur of notulist van het ZVH notuleert het overleg" if {
	input.action == "notuleren"
	input.resource.type == "overleg"
	not zvh_regie
}

toelichting contains "alleen de procesregisseur of notulist van het ZVH ziet het hele overleg; een deelnemer ziet alleen de eigen casussen" if {
	input.action == "read"
	input.resource.type == "overleg"
	not is_string(input.resource.casus)
	not zvh_regie
}
