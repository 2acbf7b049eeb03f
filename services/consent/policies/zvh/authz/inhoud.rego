# METADATA
# title: ZVH autorisatie — inhoud van een ander
# description: >-
#   Reads of content (`informatie-item`, `melding`) by anyone who is not its eigenaar, weighed
#   with the registers the PDP adds as `input.registry`:
#   `{nu, vandaag, convenant, toestemmingen[], doorbrekingen[]}` (times are fixed-width UTC
#   strings, dates ISO strings: compared as strings).
#   Order: the eigenaar always reads its own (decision.rego); a withdrawn item nobody else; a
#   restricted item only the named organisations; without a valid convenant an organisation does
#   nothing but read its own (ZVH itself, the host, needs none); then the toestemming — the most
#   specific wins, at equal specificity a refusal wins, a later one for the same scope replaces an
#   earlier one — over the convenant's basis for the categorie (for bijzondere and strafrechtelijke
#   persoonsgegevens only a wettelijke taak); an active doorbreking allows even over a refusal. A reader of betrokkene data gets `redact:bsn` and `redact:geboortedatum`.
#   A deelnemer without a basis is denied, with the reason why (no `alleen-metadata` allow: the
#   enforcement points act on `allow` alone today).
# scope: package
package zvh.authz

grondslag_toestemming := "toestemming van de cliënt (AVG art. 6 lid 1 a)"

inhoud_types := {"informatie-item", "melding"}

registry := object.get(input, "registry", {})

# --- what is asked ------------------------------------------------------------------------

inhoud_lezen if {
	input.action == "read"
	input.resource.type in inhoud_types
}

eigen_item if {
	is_string(input.resource.eigenaar)
	input.resource.eigenaar == input.subject.org
	not alleen_fg
}

inhoud_van_ander if {
	inhoud_lezen
	not eigen_item
}

deelnemer if input.subject.org in input.context.deelnemers

lezer_in_casus if deelnemer

lezer_in_casus if zvh_regie

categorie_tekst := sprintf("%s-informatie", [input.resource.categorie]) if {
	is_string(input.resource.categorie)
} else := "informatie"

# --- the eigenaar's controls --------------------------------------------------------------

# METADATA
# title: Ingetrokken item
# description: The eigenaar withdrew the item; from then on nobody else reads it.
weigeren contains "geweigerd: de eigenaar heeft dit item ingetrokken; alleen de eigenaar leest het nog" if {
	inhoud_van_ander
	input.resource.ingetrokken == true
}

# METADATA
# title: Beperkt item
# description: The eigenaar restricted the item to named organisations ('zvh' = the ZVH regie).
weigeren contains sprintf("geweigerd: de eigenaar heeft dit item beperkt tot %s", [concat(", ", sort(input.resource.beperkt_tot))]) if {
	inhoud_van_ander
	is_array(input.resource.beperkt_tot)
	not input.subject.org in input.resource.beperkt_tot
}

# --- the convenant ------------------------------------------------------------------------

convenant := c if {
	c := registry.convenant
	is_object(c)
	c.org == input.subject.org
}

convenant_geldig if {
	convenant.van <= registry.vandaag
	not convenant_afgelopen
}

convenant_afgelopen if {
	is_string(convenant.tot)
	convenant.tot < registry.vandaag
}

# Without a valid convenant an organisation reads only its own information and the register.
zonder_convenant_toegestaan if {
	input.action == "read"
	input.resource.type == "convenant"
}

zonder_convenant_toegestaan if {
	input.action == "read"
	eigen_item
}

# METADATA
# title: Geen geldig convenant
# description: >-
#   An organisation without a valid convenant is no partner (any more): it reads nothing and
#   does nothing but read its own information. ZVH itself is the host and needs none.
weigeren contains convenant_reden if {
	input.subject.org != zvh
	not convenant_geldig
	not zonder_convenant_toegestaan
}

convenant_reden := sprintf("geweigerd: het convenant van %s is verlopen op %s", [input.subject.org, convenant.tot]) if {
	convenant_afgelopen
} else := sprintf("geweigerd: het convenant van %s gaat pas in op %s", [input.subject.org, convenant.van]) if {
	convenant.van > registry.vandaag
} else := sprintf("geweigerd: %s heeft geen geldig convenant met het ZVH", [input.subject.org])

convenant_basis := b if {
	convenant_geldig
	b := convenant.categorieen[input.resource.categorie]
	is_string(b)
}

# --- gevoeligheid -------------------------------------------------------------------------

# Health data (AVG art. 9) and data of a criminal nature (art. 10) may not be processed unless an
# exception applies: the client's explicit consent, a legal duty, or a doorbreking. The
# convenant's own basis (gerechtvaardigd belang, a treatment relation) is no such exception, so
# for these items the convenant basis counts only when it is a wettelijke taak.
gevoelig if input.resource.gevoeligheid in {"bijzonder", "strafrechtelijk"}

gevoeligheid_tekst := "bijzondere persoonsgegevens (AVG art. 9)" if {
	input.resource.gevoeligheid == "bijzonder"
} else := "strafrechtelijke persoonsgegevens (AVG art. 10)"

wettelijke_taak(basis) if startswith(lower(basis), "wettelijke taak")

convenant_basis_volstaat if {
	not gevoelig
	convenant_basis
}

convenant_basis_volstaat if {
	gevoelig
	wettelijke_taak(convenant_basis)
}

toelichting contains sprintf("%s zijn alleen te delen met uitdrukkelijke toestemming van de cliënt, een wettelijke taak of een doorbreking; het convenant geeft %s alleen: %s", [gevoeligheid_tekst, input.subject.org, convenant_basis]) if {
	inhoud_van_ander
	deelnemer
	not toestemming_uitkomst
	gevoelig
	not wettelijke_taak(convenant_basis)
}

# --- toestemmingen ------------------------------------------------------------------------

toestemmingen_van_toepassing contains t if {
	is_string(input.resource.betrokkene)
	some t in object.get(registry, "toestemmingen", [])
	t.betrokkene == input.resource.betrokkene
	t.doel == input.context.doel
	toestemming_ontvanger_past(t)
	toestemming_categorie_past(t)
	toestemming_casus_past(t)
	t.van <= registry.vandaag
	not toestemming_afgelopen(t)
}

toestemming_ontvanger_past(t) if t.ontvanger == null

toestemming_ontvanger_past(t) if t.ontvanger == input.subject.org

toestemming_ontvanger_past(t) if t.ontvanger in input.subject.roles

toestemming_categorie_past(t) if t.categorie == null

toestemming_categorie_past(t) if t.categorie == input.resource.categorie

toestemming_casus_past(t) if t.casus == null

toestemming_casus_past(t) if t.casus == input.resource.casus

toestemming_afgelopen(t) if {
	is_string(t.tot)
	t.tot < registry.vandaag
}

# A later toestemming for the same scope (casus, ontvanger, categorie) replaces an earlier one: a
# grant after a refusal lifts it, a withdrawal (a new state) replaces the grant.
vervangen(t) if {
	some u in toestemmingen_van_toepassing
	[u.casus, u.ontvanger, u.categorie] == [t.casus, t.ontvanger, t.categorie]
	u.gewijzigd_op > t.gewijzigd_op
}

actuele_toestemmingen contains t if {
	some t in toestemmingen_van_toepassing
	not vervangen(t)
}

# Specificity: ontvanger + categorie (2), ontvanger or categorie (1), general (0).
specificiteit(t) := count([x | some x in [t.ontvanger, t.categorie]; x != null])

hoogste_specificiteit := max({specificiteit(t) | some t in actuele_toestemmingen})

beslissende_toestemmingen contains t if {
	some t in actuele_toestemmingen
	specificiteit(t) == hoogste_specificiteit
}

# At the most specific level a refusal (geweigerd, or ingetrokken: consent withdrawn) wins.
toestemming_uitkomst := "weigering" if {
	some t in beslissende_toestemmingen
	t.status != "gegeven"
} else := "toestemming" if {
	count(beslissende_toestemmingen) > 0
}

toestemming_weigering if {
	inhoud_van_ander
	is_string(input.resource.betrokkene)
	toestemming_uitkomst == "weigering"
	count(actieve_doorbrekingen) == 0
}

# METADATA
# title: Weigering van de cliënt
# description: >-
#   The client refused (or withdrew) sharing this with this reader: it beats the convenant's
#   basis and the regie's, not an active doorbreking.
weigeren contains sprintf("geweigerd: de cliënt heeft geen toestemming gegeven om %s te delen met %s (doel %s)", [categorie_tekst, input.subject.org, input.context.doel]) if {
	toestemming_weigering
}

# METADATA
# title: Toestemming
# description: The client consented to share this with this deelnemer (or the ZVH regie).
toestaan contains {
	"regel": "toestemming",
	"reden": sprintf("de cliënt heeft toestemming gegeven om %s te delen met %s (doel %s)", [categorie_tekst, input.subject.org, input.context.doel]),
	"grondslag": grondslag_toestemming,
	"verplichtingen": ["log-inzage"],
} if {
	inhoud_van_ander
	is_string(input.resource.betrokkene)
	lezer_in_casus
	not alleen_fg
	toestemming_uitkomst == "toestemming"
}

# METADATA
# title: Basis in het convenant
# description: >-
#   Without any toestemming for it, a deelnemer receives a categorie its convenant lists; the
#   grondslag is that basis (e.g. "wettelijke taak (Wet politiegegevens art. 19)").
toestaan contains {
	"regel": "convenant-basis",
	"reden": sprintf("%s ontvangt %s op grond van het convenant", [input.subject.org, categorie_tekst]),
	"grondslag": convenant_basis,
	"verplichtingen": ["log-inzage"],
} if {
	inhoud_van_ander
	deelnemer
	not alleen_fg
	not toestemming_uitkomst
	convenant_basis_volstaat
}

# --- doorbreking --------------------------------------------------------------------------

actieve_doorbrekingen contains d if {
	some d in object.get(registry, "doorbrekingen", [])
	d.user == input.subject.user
	d.van <= registry.nu
	registry.nu < d.tot
	d.eigenaar == input.resource.eigenaar
	doorbreking_dekt(d)
}

doorbreking_dekt(d) if {
	is_string(d.item)
	d.item == input.resource.item
	doorbreking_casus_past(d)
}

doorbreking_dekt(d) if {
	d.item == null
	is_string(d.casus)
	d.casus == input.resource.casus
}

doorbreking_casus_past(d) if d.casus == null

doorbreking_casus_past(d) if d.casus == input.resource.casus

# METADATA
# title: Doorbreking
# description: >-
#   An active doorbreking of this user opens the eigenaar's items of that casus (or that item),
#   even over a refusal; the grondslag names its type. Never a withdrawn or restricted item.
toestaan contains {
	"regel": "doorbreking",
	"reden": sprintf("doorbreking (%s) door %s, geldig tot %s UTC", [d.type, d.user, substring(d.tot, 0, 16)]),
	"grondslag": d.grondslag,
	"verplichtingen": ["log-inzage"],
} if {
	inhoud_van_ander
	not alleen_fg
	some d in actieve_doorbrekingen
}

# --- obligations and explanations ---------------------------------------------------------

# METADATA
# title: Redactie van betrokkene-gegevens
# description: Whoever reads a betrokkene's data without being its eigenaar sees no full BSN or birth date.
extra_verplichtingen contains v if {
	inhoud_van_ander
	is_string(input.resource.betrokkene)
	some v in ["redact:bsn", "redact:geboortedatum"]
}

toelichting contains sprintf("%s is geen deelnemer van deze casus", [input.subject.org]) if {
	inhoud_van_ander
	not lezer_in_casus
	not alleen_fg
}

toelichting contains sprintf("%s heeft geen grondslag voor %s: geen toestemming van de cliënt en geen basis in het convenant", [input.subject.org, categorie_tekst]) if {
	inhoud_van_ander
	deelnemer
	not toestemming_uitkomst
	not convenant_basis
}
