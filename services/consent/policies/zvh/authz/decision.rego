# METADATA
# title: ZVH autorisatie
# description: >-
#   Who may do what with which information in the ZVH keten. Default deny: a request is only
#   allowed when at least one rule in `toestaan` matches. The decision object is the PDP's answer
#   (zvh_contracts.pdp.Decision without decision_id, which the consent service adds).
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
policy_version := "zvh-authz-1"

zvh := "zvh"

grondslag_convenant := "wettelijke taak / convenant"

grondslag_eigenaar := "eigenaar van de informatie"

grondslag_toezicht := "wettelijke taak / toezicht FG (AVG art. 39)"

grondslag_convenantregister := "convenant ZVH: register van partners"

grondslag_doorbreking_melden := "doorbreking (vitaal belang, conflict van plichten of meldcode)"

# METADATA
# title: Default deny
# description: Without a matching rule nothing is allowed.
default decision := {
	"allow": false,
	"reasons": ["geen regel staat dit toe"],
	"obligations": [],
	"grondslag": null,
	"policy_version": "zvh-authz-1",
}

# METADATA
# title: Decision
# description: Allow when one or more rules match; reasons and obligations of every match.
# entrypoint: true
decision := {
	"allow": true,
	"reasons": sort(redenen),
	"obligations": sort(verplichtingen),
	"grondslag": sort(grondslagen)[0],
	"policy_version": policy_version,
} if {
	count(toestaan) > 0
}

# METADATA
# title: Deny with context
# description: No rule matched; say which action, type and doel were refused (codes only).
decision := {
	"allow": false,
	"reasons": [sprintf("geen regel staat dit toe (%s %s, doel %s)", [
		input.action,
		input.resource.type,
		input.context.doel,
	])],
	"obligations": [],
	"grondslag": null,
	"policy_version": policy_version,
} if {
	count(toestaan) == 0
}

redenen contains r.reden if some r in toestaan

grondslagen contains r.grondslag if some r in toestaan

verplichtingen contains v if {
	some r in toestaan
	some v in r.verplichtingen
}

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
#   them in. Besides that eigenaar (rule `eigenaar`), only the ZVH procesregisseur and notulist read
#   them: information is spoken at the table, not sent around (seed 002).
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
}

# METADATA
# title: Informatie-items vastleggen
# description: >-
#   The ZVH notulist or procesregisseur records what a partner brings in at the table, on behalf
#   of that eigenaar; a partner records its own items (a toelichting on its own actie).
toestaan contains {
	"regel": "informatie-item-regie-schrijven",
	"reden": "procesregisseur of notulist van het ZVH legt vast wat een deelnemer inbrengt",
	"grondslag": grondslag_convenant,
	"verplichtingen": [],
} if {
	input.action == "write"
	input.resource.type == "informatie-item"
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

# METADATA
# title: Convenantregister lezen
# description: >-
#   The convenant register says which organisations are partners and on which basis they receive
#   which categories: every signed-in user may read it (enforcement points check it before they
#   invite an organisation).
toestaan contains {
	"regel": "convenant-lezen",
	"reden": "het convenantregister is in te zien door iedere aangemelde gebruiker",
	"grondslag": grondslag_convenantregister,
	"verplichtingen": [],
} if {
	input.action == "read"
	input.resource.type == "convenant"
	count(input.subject.roles) > 0
}

# METADATA
# title: Convenantregister beheren
# description: Only a beheerder of the ZVH records or changes a convenant (every change audited).
toestaan contains {
	"regel": "convenant-beheer",
	"reden": "beheerder van het ZVH legt het convenant vast",
	"grondslag": grondslag_convenantregister,
	"verplichtingen": [],
} if {
	input.action == "write"
	input.resource.type == "convenant"
	input.subject.org == zvh
	heeft_rol("beheerder")
}

# METADATA
# title: Toestemmingen vastleggen
# description: >-
#   The professional closest to the client records the client's toestemming: the ZVH
#   procesregisseur or a casusregisseur (of a partner with a valid convenant).
toestaan contains {
	"regel": "toestemming-vastleggen",
	"reden": sprintf("%s legt de toestemming van de cliënt vast", [toestemming_rol]),
	"grondslag": grondslag_convenant,
	"verplichtingen": [],
} if {
	input.action == "write"
	input.resource.type == "toestemming"
	toestemming_rol
}

# METADATA
# title: Toestemmingen inzien
# description: >-
#   The procesregisseur and casusregisseurs read the toestemmingen; the FG reads them as part of
#   the consent overview (codes, pseudonyms and dates: no case content).
toestaan contains {
	"regel": "toestemming-inzien",
	"reden": sprintf("%s ziet de vastgelegde toestemmingen", [toestemming_rol]),
	"grondslag": grondslag_convenant,
	"verplichtingen": [],
} if {
	input.action == "read"
	input.resource.type == "toestemming"
	toestemming_rol
}

toestaan contains {
	"regel": "toestemming-toezicht",
	"reden": "functionaris gegevensbescherming ziet het toestemmingsoverzicht",
	"grondslag": grondslag_toezicht,
	"verplichtingen": [],
} if {
	input.action == "read"
	input.resource.type == "toestemming"
	heeft_rol("fg")
}

toestemming_rol := "procesregisseur van het ZVH" if {
	input.subject.org == zvh
	heeft_rol("procesregisseur")
} else := "casusregisseur" if {
	heeft_rol("casusregisseur")
}

# METADATA
# title: Doorbreking melden
# description: >-
#   A professional (deelnemer, casusregisseur or procesregisseur; never an FG-only account) breaks
#   the glass on another organisation's items of a casus or one item. The typed reason and the
#   duration are checked by the register; the eigenaar is told at once; the FG reviews it.
toestaan contains {
	"regel": "doorbreking-melden",
	"reden": "een professional doorbreekt met een vastgelegde reden; de eigenaar wordt direct geïnformeerd",
	"grondslag": grondslag_doorbreking_melden,
	"verplichtingen": ["log-inzage"],
} if {
	input.action == "write"
	input.resource.type == "doorbreking"
	some rol in ["deelnemer", "casusregisseur", "procesregisseur"]
	heeft_rol(rol)
	not alleen_fg
	is_string(input.resource.eigenaar)
	input.resource.eigenaar != input.subject.org
	doorbreking_heeft_onderwerp
}

doorbreking_heeft_onderwerp if is_string(input.resource.casus)

doorbreking_heeft_onderwerp if is_string(input.resource.item)

# METADATA
# title: Doorbrekingen voor de FG
# description: The FG reviews every doorbreking, with its reason.
toestaan contains {
	"regel": "doorbreking-toezicht",
	"reden": "functionaris gegevensbescherming beoordeelt de doorbrekingen",
	"grondslag": grondslag_toezicht,
	"verplichtingen": [],
} if {
	input.action == "read"
	input.resource.type == "doorbreking"
	heeft_rol("fg")
}
