# METADATA
# title: ZVH autorisatie — bezorgingen (notify)
# description: >-
#   Who sees notify's bezorgingen (deliveries to partners: ids, codes, status and attempts, no
#   content) through `GET /v1/bezorgingen`. Notify asks `read` on resource type `bezorging` with
#   the ontvanger filter as `resource.eigenaar` (absent: every recipient). The ZVH procesregisseur
#   and beheerder follow every delivery; a partner sees only those to its own organisation (also
#   the `eigenaar` rule in decision.rego; without a valid convenant too: it is its own
#   information). Nobody else.
#   Personal signals (a VPT incident's, categorie `persoonlijk` or `vpt-casemanager`, the reader's
#   user id as `resource.item`) are no organisation's: only the user they are for reads them, and
#   the VPT casemanager those of the incidents assigned to it. Not the ZVH staff, not colleagues.
# scope: package
package zvh.authz

bezorging_lezen if {
	input.action == "read"
	input.resource.type == "bezorging"
}

persoonlijk_signaal if input.resource.categorie in {"persoonlijk", "vpt-casemanager"}

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
	not persoonlijk_signaal
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
	not persoonlijk_signaal
}

# METADATA
# title: Eigen persoonlijke signalen
# description: >-
#   The postvak signals for the reader as a person (a VPT incident's leidinggevende, the piket):
#   notify asks with the reader's own user id as `resource.item` and shows only those rows.
toestaan contains {
	"regel": "bezorging-persoonlijk",
	"reden": "de gebruiker ziet de signalen aan zichzelf",
	"grondslag": grondslag_eigenaar,
	"verplichtingen": [],
} if {
	bezorging_lezen
	input.resource.categorie == "persoonlijk"
	input.resource.item == input.subject.user
	not alleen_fg
}

# METADATA
# title: Signalen van de toegewezen incidenten
# description: >-
#   The VPT casemanager sees the postvak signals of the incidents assigned to it (notify selects
#   the rows by the casemanager the incident was assigned to, the reader's own user id).
toestaan contains {
	"regel": "bezorging-vpt-casemanager",
	"reden": "de VPT-casemanager ziet de signalen van de aan hem toegewezen incidenten",
	"grondslag": grondslag_convenant,
	"verplichtingen": [],
} if {
	bezorging_lezen
	input.resource.categorie == "vpt-casemanager"
	input.resource.item == input.subject.user
	heeft_rol("vpt-casemanager")
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

toelichting contains "persoonlijke signalen ziet alleen de gebruiker voor wie ze zijn" if {
	bezorging_lezen
	input.resource.categorie == "persoonlijk"
	input.resource.item != input.subject.user
}

toelichting contains "alleen de toegewezen VPT-casemanager ziet de signalen van een incident" if {
	bezorging_lezen
	input.resource.categorie == "vpt-casemanager"
	not vpt_casemanager_zelf
}

vpt_casemanager_zelf if {
	heeft_rol("vpt-casemanager")
	input.resource.item == input.subject.user
}
