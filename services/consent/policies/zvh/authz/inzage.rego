# METADATA
# title: ZVH autorisatie — inzage in het beslissingenlog
# description: >-
#   Reports drawn from the decision log: the FG's inzage report per person (every decision about
#   one betrokkene, asked by pseudonym), the eigenaar's "wie las onze informatie" (reads of its
#   items by other organisations) and the FG's review of a doorbreking. The reports hold ids,
#   codes and pseudonyms only: no content. Part of package zvh.authz.
# scope: package
package zvh.authz

fg_van_zvh if {
	input.subject.org == zvh
	heeft_rol("fg")
}

# METADATA
# title: Inzagerapport per persoon
# description: >-
#   The FG of the ZVH reports who read or wrote what about one person, when and on which basis
#   (AVG art. 15: the client's right of access). The person is named by pseudonym only.
toestaan contains {
	"regel": "inzagerapport-fg",
	"reden": "functionaris gegevensbescherming stelt het inzagerapport van een betrokkene op",
	"grondslag": grondslag_toezicht,
	"verplichtingen": ["alleen-metadata"],
} if {
	input.action == "read"
	input.resource.type == "inzagerapport"
	fg_van_zvh
	is_string(input.resource.betrokkene)
}

# METADATA
# title: Inzagerapport alleen voor de FG
# description: No other rule (not even the eigenaar's) opens a report about a person.
weigeren contains "geweigerd: alleen de functionaris gegevensbescherming van het ZVH stelt een inzagerapport op" if {
	input.resource.type == "inzagerapport"
	not fg_van_zvh
}

# METADATA
# title: Wie las onze informatie
# description: >-
#   Any professional of the owning organisation sees which other organisations read (or were
#   refused) its items — also without a valid convenant: it is its own information.
toestaan contains {
	"regel": "inzageoverzicht-eigenaar",
	"reden": "de organisatie ziet wie haar informatie las",
	"grondslag": grondslag_eigenaar,
	"verplichtingen": ["alleen-metadata"],
} if {
	input.action == "read"
	input.resource.type == "inzageoverzicht"
	is_string(input.resource.eigenaar)
	input.resource.eigenaar == input.subject.org
	count(input.subject.roles) > 0
}

toestaan contains {
	"regel": "inzageoverzicht-fg",
	"reden": sprintf("functionaris gegevensbescherming ziet wie de informatie van %s las", [input.resource.eigenaar]),
	"grondslag": grondslag_toezicht,
	"verplichtingen": ["alleen-metadata"],
} if {
	input.action == "read"
	input.resource.type == "inzageoverzicht"
	is_string(input.resource.eigenaar)
	heeft_rol("fg")
}

# METADATA
# title: Doorbreking beoordelen
# description: The FG of the ZVH judges whether a doorbreking was justified (terecht, onterecht, onduidelijk).
toestaan contains {
	"regel": "doorbreking-beoordelen",
	"reden": "functionaris gegevensbescherming beoordeelt de doorbreking",
	"grondslag": grondslag_toezicht,
	"verplichtingen": [],
} if {
	input.action == "review"
	input.resource.type == "doorbreking"
	fg_van_zvh
}
