# METADATA
# title: ZVH autorisatie
# description: >-
#   Who may do what with which information in the ZVH keten. Default deny: a request is only
#   allowed when at least one rule in `toestaan` matches and no rule in `weigeren` does. The
#   decision object is the PDP's answer (zvh_contracts.pdp.Decision without decision_id, which
#   the consent service adds). The PDP adds `input.registry` (the subject organisation's
#   convenant, the betrokkene's toestemmingen, the user's doorbrekingen): see inhoud.rego.
# related_resources:
#   - description: DESIGN.md §6 Data ownership and the policy decision point
#     ref: https://zvh.local/design#6
# authors:
#   - ZVH keten
# scope: package
package zvh.authz

# METADATA
# title: Policy version
# description: Semantic label of this policy; the service also reports a hash of the files.
policy_version := "zvh-authz-2"

zvh := "zvh"

grondslag_convenant := "wettelijke taak / convenant"

grondslag_eigenaar := "eigenaar van de informatie"

grondslag_toezicht := "wettelijke taak / toezicht FG (AVG art. 39)"

# METADATA
# title: Default deny
# description: Without a matching rule nothing is allowed.
default decision := {
	"allow": false,
	"reasons": ["geen regel staat dit toe"],
	"obligations": [],
	"grondslag": null,
	"policy_version": "zvh-authz-2",
}

# METADATA
# title: Decision
# description: >-
#   Allow when one or more rules in `toestaan` match and no rule in `weigeren` does (a refusal
#   overrides every allow). Reasons and obligations of every match; the grondslag of the
#   strongest basis (`gekozen_grondslag`: eigenaar, toestemming, convenant, regie, doorbreking).
# entrypoint: true
decision := {
	"allow": true,
	"reasons": sort(redenen),
	"obligations": sort(verplichtingen | extra_verplichtingen),
	"grondslag": gekozen_grondslag,
	"policy_version": policy_version,
} if {
	count(toestaan) > 0
	count(weigeren) == 0
}

# METADATA
# title: Deny by a refusal
# description: A rule in `weigeren` matched; its Dutch reasons say why.
decision := {
	"allow": false,
	"reasons": sort(weigeren),
	"obligations": [],
	"grondslag": null,
	"policy_version": policy_version,
} if {
	count(weigeren) > 0
}

# METADATA
# title: Deny with context
# description: >-
#   No rule matched; say which action, type and doel were refused (codes only), and where the
#   policy can tell, why (`toelichting`).
decision := {
	"allow": false,
	"reasons": array.concat(
		[sprintf("geen regel staat dit toe (%s %s, doel %s)", [
			input.action,
			input.resource.type,
			input.context.doel,
		])],
		sort(toelichting),
	),
	"obligations": [],
	"grondslag": null,
	"policy_version": policy_version,
} if {
	count(toestaan) == 0
	count(weigeren) == 0
}

redenen contains r.reden if some r in toestaan

verplichtingen contains v if {
	some r in toestaan
	some v in r.verplichtingen
}

# Which basis names the grondslag when several rules allow: the eigenaar, then a toestemming,
# then the convenant's basis, then any other rule (alphabetically), a doorbreking last.
gekozen_grondslag := g if {
	some r in toestaan
	r.regel == "eigenaar"
	g := r.grondslag
} else := g if {
	some r in toestaan
	r.regel == "toestemming"
	g := r.grondslag
} else := g if {
	some r in toestaan
	r.regel == "convenant-basis"
	g := r.grondslag
} else := g if {
	gewone := {r.grondslag | some r in toestaan; r.regel != "doorbreking"}
	count(gewone) > 0
	g := sort(gewone)[0]
} else := g if {
	g := sort(grondslagen)[0]
}

grondslagen contains r.grondslag if some r in toestaan

heeft_rol(rol) if rol in input.subject.roles

# The FG supervises; an FG-only account never sees content, not even its own organisation's.
alleen_fg if {
	heeft_rol("fg")
	every rol in input.subject.roles {
		rol == "fg"
	}
}

zvh_regie if {
	input.subject.org == zvh
	some rol in ["procesregisseur", "notulist"]
	heeft_rol(rol)
}

# METADATA
# title: Triage van een melding
# description: The ZVH procesregisseur reads a melding to triage it.
toestaan contains {
	"regel": "procesregisseur-triage",
	"reden": "procesregisseur van het ZVH leest de melding voor triage",
	"grondslag": grondslag_convenant,
	"verplichtingen": ["log-inzage"],
} if {
	input.subject.org == zvh
	heeft_rol("procesregisseur")
	input.action == "read"
	input.resource.type == "melding"
	input.context.doel == "triage"
	not toestemming_weigering
}

# METADATA
# title: Eigenaar
# description: The owning organisation always reads its own items.
toestaan contains {
	"regel": "eigenaar",
	"reden": "de organisatie is eigenaar van deze informatie",
	"grondslag": grondslag_eigenaar,
	"verplichtingen": [],
} if {
	input.action == "read"
	input.resource.type != "audit"
	is_string(input.resource.eigenaar)
	input.resource.eigenaar == input.subject.org
	not alleen_fg
}

# METADATA
# title: Actielijst lezen
# description: The actielijst is the one thing shared with every deelnemer of the casus.
toestaan contains {
	"regel": "actielijst-deelnemer",
	"reden": "deelnemer van de casus leest de actielijst",
	"grondslag": grondslag_convenant,
	"verplichtingen": [],
} if {
	input.action == "read"
	input.resource.type == "actielijst"
	is_string(input.resource.casus)
	input.subject.org in input.context.deelnemers
	not alleen_fg
}

toestaan contains {
	"regel": "actielijst-regie-lezen",
	"reden": "procesregisseur of notulist van het ZVH leest de actielijst",
	"grondslag": grondslag_convenant,
	"verplichtingen": [],
} if {
	input.action == "read"
	input.resource.type == "actielijst"
	is_string(input.resource.casus)
	zvh_regie
}

# METADATA
# title: Actielijst schrijven
# description: Only the ZVH procesregisseur or notulist writes the actielijst.
toestaan contains {
	"regel": "actielijst-regie-schrijven",
	"reden": "procesregisseur of notulist van het ZVH legt de actielijst vast",
	"grondslag": grondslag_convenant,
	"verplichtingen": [],
} if {
	input.action == "write"
	input.resource.type == "actielijst"
	is_string(input.resource.casus)
	zvh_regie
}

# METADATA
# title: Informatie-items voor de regie
# description: >-
#   Bouwschema entries and toelichtingen are informatie-items owned by the partner that brought
#   them in. Besides that eigenaar (rule `eigenaar`) the ZVH procesregisseur and notulist read
#   them for the regie — unless the client refused (inhoud.rego); deelnemers read them only on a
#   toestemming, their convenant's basis or a doorbreking (inhoud.rego).
toestaan contains {
	"regel": "informatie-item-regie-lezen",
	"reden": "procesregisseur of notulist van het ZVH leest het informatie-item voor de regie",
	"grondslag": grondslag_convenant,
	"verplichtingen": ["log-inzage"],
} if {
	input.action == "read"
	input.resource.type == "informatie-item"
	is_string(input.resource.casus)
	is_string(input.resource.eigenaar)
	zvh_regie
	not toestemming_weigering
}

# METADATA
# title: Informatie-items vastleggen
# description: >-
#   The ZVH notulist or procesregisseur records what a partner brings in at the table, on behalf
#   of that eigenaar; a partner records its own items (a toelichting on its own actie). Restricting
#   or withdrawing an item (doel `eigenaarsbeheer`) stays with its eigenaar (regie.rego).
toestaan contains {
	"regel": "informatie-item-regie-schrijven",
	"reden": "procesregisseur of notulist van het ZVH legt vast wat een deelnemer inbrengt",
	"grondslag": grondslag_convenant,
	"verplichtingen": [],
} if {
	input.action == "write"
	input.resource.type == "informatie-item"
	input.context.doel != "eigenaarsbeheer"
	is_string(input.resource.casus)
	is_string(input.resource.eigenaar)
	regie_mag_vastleggen_voor(input.resource.eigenaar)
	zvh_regie
}

# The regie records for a deelnemer, or the ZVH's own contribution (e.g. the Casus Plus analyse).
regie_mag_vastleggen_voor(eigenaar) if eigenaar in input.context.deelnemers

regie_mag_vastleggen_voor(eigenaar) if eigenaar == zvh

toestaan contains {
	"regel": "informatie-item-eigenaar-schrijven",
	"reden": "de deelnemer legt zijn eigen informatie vast",
	"grondslag": grondslag_eigenaar,
	"verplichtingen": [],
} if {
	input.action == "write"
	input.resource.type == "informatie-item"
	is_string(input.resource.casus)
	input.resource.eigenaar == input.subject.org
	input.subject.org in input.context.deelnemers
	not alleen_fg
}

# METADATA
# title: Label van een melding
# description: >-
#   The ZVH regie sees a human label for a casus: the melder's reference and the client's
#   initials, never the full name or BSN (obligation `alleen-initialen`).
toestaan contains {
	"regel": "melding-label-regie",
	"reden": "procesregisseur of notulist van het ZVH ziet referentie en initialen van de casus",
	"grondslag": grondslag_convenant,
	"verplichtingen": ["alleen-initialen"],
} if {
	input.action == "read"
	input.resource.type == "melding-label"
	input.context.doel == "casusoverleg"
	zvh_regie
}

# METADATA
# title: Beslissingenlog voor de FG
# description: The FG reads the decision log (who asked what, on which basis) — never content.
toestaan contains {
	"regel": "fg-audit",
	"reden": "functionaris gegevensbescherming leest het beslissingenlog",
	"grondslag": grondslag_toezicht,
	"verplichtingen": ["alleen-metadata"],
} if {
	input.action == "read"
	input.resource.type == "audit"
	heeft_rol("fg")
}
