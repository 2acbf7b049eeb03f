# METADATA
# title: ZVH autorisatie — de registers
# description: >-
#   Who may use the registers the consent service keeps: the convenant register (beheerder),
#   the client's toestemmingen (procesregisseur, casusregisseur; the FG reads) and doorbrekingen
#   (any professional breaks the glass; the FG reviews). Part of package zvh.authz.
# scope: package
package zvh.authz

grondslag_convenantregister := "convenant ZVH: register van partners"

grondslag_doorbreking_melden := "doorbreking (vitaal belang, conflict van plichten of meldcode)"

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
