# METADATA
# title: ZVH autorisatie — meldpunt agressie en geweld (VPT)
# description: >-
#   An incident of aggression against a professional is the employee's and the employer's
#   information (issue 10). Intake holds the report (`vpt-incident`), overleg the casemanager's
#   dossier (`vpt-dossier`); both send eigenaar (the employer), melder (user id or null) and
#   casemanager (user id). Only the melder, the employer's leidinggevende and the assigned VPT
#   casemanager read them: a refusal (`weigeren`) overrides the generic `eigenaar` rule, so other
#   staff of the same organisation and the ZVH procesregisseur do not. The yearly overview
#   (`vpt-overzicht`) holds counts only. Part of package zvh.authz.
# scope: package
package zvh.authz

grondslag_vpt := "werkgeversverantwoordelijkheid / zorg voor de medewerker (Arbowet art. 3)"

vpt_typen := {"vpt-incident", "vpt-dossier"}

vpt_doelen := {"meldpunt", "vpt-nazorg", "vpt-casemanagement"}

vpt_resource if input.resource.type in vpt_typen

# The employer's own staff (not an FG-only account).
vpt_eigen_org if {
	is_string(input.resource.eigenaar)
	input.resource.eigenaar == input.subject.org
	not alleen_fg
}

vpt_melder if {
	vpt_eigen_org
	is_string(input.resource.melder)
	input.resource.melder == input.subject.user
}

vpt_leidinggevende if {
	vpt_eigen_org
	heeft_rol("leidinggevende")
}

vpt_casemanager if {
	input.subject.org == zvh
	heeft_rol("vpt-casemanager")
	is_string(input.resource.casemanager)
	input.resource.casemanager == input.subject.user
}

vpt_lezer := "de melder" if {
	vpt_melder
} else := "de leidinggevende van de organisatie" if {
	vpt_leidinggevende
} else := "de toegewezen VPT-casemanager" if {
	vpt_casemanager
}

# What this subject may do with this incident or dossier (anything else is refused).
vpt_mag := sprintf("%s leest de melding", [vpt_lezer]) if {
	input.action in {"read", "list"}
	input.context.doel in vpt_doelen
	vpt_lezer
} else := "een medewerker meldt een incident voor de eigen organisatie" if {
	input.resource.type == "vpt-incident"
	input.action == "write"
	input.context.doel == "meldpunt"
	vpt_eigen_org
} else := sprintf("%s legt een nazorgcontact vast", [vpt_nazorger]) if {
	input.resource.type == "vpt-incident"
	input.action == "write"
	input.context.doel == "vpt-nazorg"
	vpt_nazorger
} else := "de toegewezen VPT-casemanager werkt het dossier bij" if {
	input.resource.type == "vpt-dossier"
	input.action == "write"
	input.context.doel == "vpt-casemanagement"
	vpt_casemanager
}

vpt_nazorger := "de leidinggevende van de organisatie" if {
	vpt_leidinggevende
} else := "de toegewezen VPT-casemanager" if {
	vpt_casemanager
}

# METADATA
# title: Meldpunt agressie en geweld
# description: >-
#   The melder, the employer's leidinggevende and the assigned casemanager read the report and
#   the dossier; any professional of a partner reports for the own organisation; the
#   leidinggevende or the casemanager registers nazorg; only the casemanager writes the dossier.
toestaan contains {
	"regel": "vpt",
	"reden": vpt_mag,
	"grondslag": grondslag_vpt,
	"verplichtingen": ["log-inzage"],
} if {
	vpt_resource
	vpt_mag
}

# METADATA
# title: Niemand anders
# description: >-
#   Everybody else is refused, also staff of the owning organisation (overrides `eigenaar`) and
#   the ZVH procesregisseur.
weigeren contains "geweigerd: alleen de melder, de leidinggevende en de toegewezen VPT-casemanager lezen een melding agressie en geweld" if {
	vpt_resource
	input.action in {"read", "list"}
	not vpt_mag
}

weigeren contains sprintf("geweigerd: %s %s met doel %s is niet toegestaan voor deze medewerker", [input.action, input.resource.type, input.context.doel]) if {
	vpt_resource
	not input.action in {"read", "list"}
	not vpt_mag
}

# Reporting aggression against one's own employee, and reading that report, is the
# organisation's own matter: it needs no convenant with the ZVH.
zonder_convenant_toegestaan if {
	vpt_resource
	vpt_mag
	vpt_eigen_org
}

# METADATA
# title: Jaaroverzicht meldpunt
# description: >-
#   The yearly aggregate per organisation (counts only): its own leidinggevende, and the VPT
#   casemanagers and the ZVH procesregisseur for every organisation.
toestaan contains {
	"regel": "vpt-overzicht",
	"reden": sprintf("%s ziet het geaggregeerde jaaroverzicht van het meldpunt", [vpt_overzicht_rol]),
	"grondslag": grondslag_verantwoording,
	"verplichtingen": [],
} if {
	input.action == "read"
	input.resource.type == "vpt-overzicht"
	input.context.doel == "verantwoording"
	vpt_overzicht_rol
}

vpt_overzicht_rol := "de VPT-casemanager" if {
	input.subject.org == zvh
	heeft_rol("vpt-casemanager")
} else := "de procesregisseur van het ZVH" if {
	input.subject.org == zvh
	heeft_rol("procesregisseur")
} else := "de leidinggevende" if {
	heeft_rol("leidinggevende")
	is_string(input.resource.organisatie)
	input.resource.organisatie == input.subject.org
}

# The counts of its own incidents are the organisation's own matter too.
zonder_convenant_toegestaan if {
	input.action == "read"
	input.resource.type == "vpt-overzicht"
	is_string(input.resource.organisatie)
	input.resource.organisatie == input.subject.org
}

# Not through the generic `eigenaar` rule either (a PEP that also sends eigenaar).
weigeren contains "geweigerd: het jaaroverzicht van het meldpunt is voor de leidinggevende van de organisatie, de VPT-casemanager en de procesregisseur" if {
	input.resource.type == "vpt-overzicht"
	not vpt_overzicht_toegestaan
}

vpt_overzicht_toegestaan if {
	input.action == "read"
	input.context.doel == "verantwoording"
	vpt_overzicht_rol
}
