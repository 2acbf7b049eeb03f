# METADATA
# title: ZVH autorisatie — Triage Aanhoudingen
# description: >-
#   The police's daily list of arrests (seed 002): the ZVH procesregisseur and bemoeizorg go
#   through it and mark each arrest. The list holds ids, pseudonyms and codes only; intake asks
#   `list` (the lists of today and yesterday) and `write` (a mark, or making a melding of it).
# scope: package
package zvh.authz

# METADATA
# title: Triage Aanhoudingen
# description: >-
#   The ZVH procesregisseur and the professionals of a bemoeizorg partner (partner code
#   `bemoeizorg…`) see the lists and mark the arrests. Nobody else; an FG-only account never.
toestaan contains {
	"regel": "triage-aanhoudingen",
	"reden": "procesregisseur van het ZVH of bemoeizorg doet de Triage Aanhoudingen",
	"grondslag": grondslag_convenant,
	"verplichtingen": [],
} if {
	input.action in {"list", "write"}
	input.resource.type == "aanhoudingen"
	input.context.doel == "triage-aanhoudingen"
	triage_aanhoudingen_rol
}

triage_aanhoudingen_rol if {
	input.subject.org == zvh
	heeft_rol("procesregisseur")
}

triage_aanhoudingen_rol if {
	startswith(input.subject.org, "bemoeizorg")
	some rol in ["deelnemer", "casusregisseur"]
	heeft_rol(rol)
}
