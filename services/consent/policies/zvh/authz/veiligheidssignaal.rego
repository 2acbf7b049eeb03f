# METADATA
# title: ZVH autorisatie — veiligheidssignalen voor professionals
# description: >-
#   A veiligheidssignaal warns the professionals who visit the client of a casus (issue 10,
#   part 5): a code from a fixed list (e.g. niet-alleen-op-huisbezoek), a validity period and a
#   review date, never incident content. Setting, renewing or withdrawing one is a processing of
#   its own (doel `veiligheid-professionals`) with its own grondslag: only the ZVH
#   procesregisseur does it. Every deelnemer of the casus and the ZVH regie read the signals.
#   Each decision is logged by the consent service like every other.
# scope: package
package zvh.authz

grondslag_veiligheid_professionals := "wettelijke taak / veiligheid van professionals (Arbowet art. 3)"

# METADATA
# title: Veiligheidssignaal vastleggen
# description: >-
#   Only the ZVH procesregisseur sets, renews or withdraws a veiligheidssignaal on a casus.
toestaan contains {
	"regel": "veiligheidssignaal-procesregisseur-schrijven",
	"reden": "procesregisseur van het ZVH legt een veiligheidssignaal vast ter bescherming van de professionals",
	"grondslag": grondslag_veiligheid_professionals,
	"verplichtingen": ["log-inzage"],
} if {
	input.action == "write"
	input.resource.type == "veiligheidssignaal"
	input.context.doel == "veiligheid-professionals"
	is_string(input.resource.casus)
	input.subject.org == zvh
	heeft_rol("procesregisseur")
}

# METADATA
# title: Veiligheidssignaal lezen als deelnemer
# description: Every deelnemer of the casus sees its signals (codes and dates only).
toestaan contains {
	"regel": "veiligheidssignaal-deelnemer-lezen",
	"reden": "deelnemer van de casus ziet de veiligheidssignalen voor zijn professionals",
	"grondslag": grondslag_veiligheid_professionals,
	"verplichtingen": ["log-inzage"],
} if {
	input.action == "read"
	input.resource.type == "veiligheidssignaal"
	input.context.doel == "veiligheid-professionals"
	is_string(input.resource.casus)
	input.subject.org in input.context.deelnemers
	not alleen_fg
}

# METADATA
# title: Veiligheidssignaal lezen als regie
# description: The ZVH procesregisseur and notulist see the signals of every casus.
toestaan contains {
	"regel": "veiligheidssignaal-regie-lezen",
	"reden": "procesregisseur of notulist van het ZVH ziet de veiligheidssignalen van de casus",
	"grondslag": grondslag_veiligheid_professionals,
	"verplichtingen": ["log-inzage"],
} if {
	input.action == "read"
	input.resource.type == "veiligheidssignaal"
	input.context.doel == "veiligheid-professionals"
	is_string(input.resource.casus)
	zvh_regie
}
