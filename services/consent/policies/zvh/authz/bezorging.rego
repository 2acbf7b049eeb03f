# METADATA
# title: ZVH autorisatie — bezorgingen (notify)
# description: >-
#   Who sees notify's bezorgingen (deliveries to partners: ids, codes, status and attempts, no
#   content) through `GET /v1/bezorgingen`. Notify asks `read` on resource type `bezorging` with
#   the ontvanger filter as `resource.eigenaar` (absent: every recipient). The ZVH procesregisseur
#   and beheerder follow every delivery; a partner sees only those to its own organisation (also
#   the `eigenaar` rule in decision.rego; without a valid convenant too: it is its own
#   information). Nobody else.
# scope: package
package zvh.authz

bezorging_lezen if {
	input.action == "read"
	input.resource.type == "bezorging"
}

bezorging_staf if {
	input.subject.org == zvh
	some rol in ["procesregisseur", "beheerder"]
	heeft_rol(rol)
}

# METADATA
# title: Bezorgingen volgen als ZVH
# description: The ZVH procesregisseur and beheerder see every bezorging, to any recipient.
toestaan contains {
	"regel": "bezorging-zvh",
	"reden": "procesregisseur of beheerder van het ZVH volgt alle bezorgingen",
	"grondslag": grondslag_convenant,
	"verplichtingen": [],
} if {
	bezorging_lezen
	bezorging_staf
}

# METADATA
# title: Eigen bezorgingen
# description: A partner sees the bezorgingen to its own organisation (an FG-only account not).
toestaan contains {
	"regel": "bezorging-ontvanger",
	"reden": "de organisatie ziet de bezorgingen aan zichzelf",
	"grondslag": grondslag_eigenaar,
	"verplichtingen": [],
} if {
	bezorging_lezen
	eigen_item
}

toelichting contains "alleen de procesregisseur of beheerder van het ZVH ziet de bezorgingen aan alle organisaties" if {
	bezorging_lezen
	not bezorging_staf
	not is_string(input.resource.eigenaar)
}

toelichting contains sprintf("%s ziet alleen bezorgingen aan de eigen organisatie, niet aan %s", [input.subject.org, input.resource.eigenaar]) if {
	bezorging_lezen
	not bezorging_staf
	is_string(input.resource.eigenaar)
	input.resource.eigenaar != input.subject.org
}
