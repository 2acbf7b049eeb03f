"""Meldpunt agressie en geweld and the VPT dossier (issue 10, parts 1–3).

- ``/meldpunt``: a short, phone-friendly form; the report goes to intake (``POST
  /v1/vpt-incidenten``) with the user's own token. Intake's Dutch field errors come back beside
  the fields and nothing the user typed is lost.
- ``/vpt``: the incidents this user may read (intake asked the PDP), each linked to its dossier.
- ``/vpt/{dossier_id}``: the dossier (overleg asks the PDP, resource ``vpt-dossier``), the report
  and its nazorg contacts (from intake), and the casemanager's forms (only the assigned
  casemanager may write: the PDP decides, the forms only show when it allows).
"""

from __future__ import annotations

import contextlib
import uuid
from datetime import date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from zvh_platform.idempotency import FORM_FIELD

from zvh_overleg.application import vpt
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.intake import (
    IntakeFout,
    IntakeGeweigerd,
    IntakeNietGevonden,
    IntakeOngeldig,
)
from zvh_overleg.application.meldpunt import (
    IMPACT_LABELS,
    NAZORG_LABELS,
    SOORTEN,
    IntakeVeldfouten,
    MeldpuntPort,
    nazorg_staten,
)
from zvh_overleg.application.timeutil import vandaag
from zvh_overleg.application.vpt_evaluatie import evaluatie_context
from zvh_overleg.domain.vpt import (
    AFSLUIT_LABELS,
    DOMICILIEKEUZE_HINT,
    OM_LABELS,
    PV_VOORBEELD,
    SCHADEFONDS_LABELS,
    ZITTING_LABELS,
    OmBeslissing,
    SchadefondsStatus,
    VptAfsluitreden,
    VptDossierNietGevonden,
    VptDossierOngeldig,
    ZittingSoort,
    dossier_id_van,
)
from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.web.session import Sessie, SessieDep
from zvh_overleg.entrypoints.web.templating import Fouten, render

router = APIRouter()
Svc = Annotated[Services, Depends(services)]
NL = ZoneInfo("Europe/Amsterdam")

#: The form fields of the meldpunt, in page order (for the error summary's links).
MELD_VELDEN = (
    "gebeurd_op",
    "plaats",
    "soorten",
    "politie_ter_plaatse",
    "impact",
    "leidinggevende",
    "casus_id",
    "toelichting",
)


def _fout(
    request: Request, sessie: Sessie, *, status: int, titel: str, melding: str, **extra: Any
) -> HTMLResponse:
    return render(
        request,
        "fout.html",
        status_code=status,
        user=sessie.user,
        titel=titel,
        melding=melding,
        **extra,
    )


def _meldpunt(svc: Services) -> MeldpuntPort:
    if svc.meldpunt is None:
        raise IntakeFout("het meldpunt is niet aangesloten")
    return svc.meldpunt


def _leidinggevenden(svc: Services, sessie: Sessie) -> list[tuple[str, str]]:
    """The region users of the reporter's own organisation with role leidinggevende."""
    return [
        (u.id, u.naam)
        for u in svc.settings.region().users
        if u.org == sessie.user.org and "leidinggevende" in u.roles
    ]


def _nu_lokaal(svc: Services) -> str:
    return svc.clock.now().astimezone(NL).strftime("%Y-%m-%dT%H:%M")


def _formulier(
    request: Request,
    sessie: Sessie,
    svc: Services,
    *,
    waarden: dict[str, Any],
    fouten: Fouten,
    status_code: int = 200,
) -> HTMLResponse:
    volgorde = {v: i for i, v in enumerate(MELD_VELDEN)}
    return render(
        request,
        "meldpunt.html",
        status_code=status_code,
        user=sessie.user,
        actief="meldpunt",
        w=waarden,
        fouten=sorted(fouten, key=lambda f: volgorde.get(f[0], 99)),
        soorten=SOORTEN,
        impacts=IMPACT_LABELS,
        leidinggevenden=_leidinggevenden(svc, sessie),
        organisatie=svc.partner_naam(sessie.user.org),
        max_tijd=_nu_lokaal(svc),
    )


@router.get("/meldpunt", response_class=HTMLResponse)
async def meldpunt(request: Request, sessie: SessieDep, svc: Svc) -> Response:
    waarden: dict[str, Any] = {"gebeurd_op": _nu_lokaal(svc), "soorten": []}
    if "leidinggevende" in sessie.user.roles:
        waarden["leidinggevende"] = sessie.user.id
    return _formulier(request, sessie, svc, waarden=waarden, fouten=[])


def _melding(
    form: Any, svc: Services, sessie: Sessie
) -> tuple[dict[str, Any], dict[str, Any], Fouten]:
    """The form as typed (to show again), the report for intake, and the errors found here."""
    waarden: dict[str, Any] = {k: str(form.get(k) or "").strip() for k in MELD_VELDEN}
    waarden["soorten"] = [s for s in form.getlist("soorten") if s in SOORTEN]
    waarden["urgent"] = form.get("urgent") == "ja"
    fouten: Fouten = []
    melding: dict[str, Any] = {
        "soorten": waarden["soorten"],
        "urgent": waarden["urgent"],
        "medewerker": sessie.user.naam,
    }
    try:
        gebeurd = datetime.fromisoformat(waarden["gebeurd_op"]).replace(tzinfo=NL)
        if gebeurd > svc.clock.now():
            fouten.append(("gebeurd_op", "Het incident kan niet in de toekomst liggen."))
        melding["gebeurd_op"] = gebeurd.isoformat()
    except ValueError:
        fouten.append(("gebeurd_op", "Vul de datum en het tijdstip van het incident in."))
    if not waarden["plaats"]:
        fouten.append(("plaats", "Vul in waar het gebeurde (bijvoorbeeld: huisbezoek, balie)."))
    melding["plaats"] = waarden["plaats"]
    if not waarden["soorten"]:
        fouten.append(("soorten", "Kies wat er gebeurde (minstens één)."))
    if waarden["politie_ter_plaatse"] not in ("ja", "nee"):
        fouten.append(("politie_ter_plaatse", "Kies of de politie ter plaatse kwam."))
    melding["politie_ter_plaatse"] = waarden["politie_ter_plaatse"] == "ja"
    if waarden["impact"] not in {str(i) for i in IMPACT_LABELS}:
        fouten.append(("impact", "Kies hoe groot de impact voor u is (1 tot en met 5)."))
    else:
        melding["impact"] = int(waarden["impact"])
    if waarden["leidinggevende"]:
        if waarden["leidinggevende"] not in {i for i, _ in _leidinggevenden(svc, sessie)}:
            fouten.append(("leidinggevende", "Kies een leidinggevende uit de lijst."))
        melding["leidinggevende"] = waarden["leidinggevende"]
    if waarden["casus_id"]:
        try:
            melding["casus_id"] = str(uuid.UUID(waarden["casus_id"]))
        except ValueError:
            fouten.append(
                ("casus_id", "Dit is geen casusnummer; laat het veld leeg als u het niet weet.")
            )
    if waarden["toelichting"]:
        melding["toelichting"] = waarden["toelichting"]
    # the form's idempotency key: a retry of this very form gives intake's same incident
    with contextlib.suppress(ValueError):
        melding["referentie"] = f"meldpunt-{uuid.UUID(str(form.get(FORM_FIELD) or ''))}"
    return waarden, melding, fouten


@router.post("/meldpunt", response_class=HTMLResponse)
async def meld(request: Request, sessie: SessieDep, svc: Svc) -> Response:
    form = await request.form()
    waarden, melding, fouten = _melding(form, svc, sessie)
    if fouten:
        return _formulier(request, sessie, svc, waarden=waarden, fouten=fouten, status_code=422)
    try:
        antwoord = await _meldpunt(svc).meld_vpt_incident(melding, token=sessie.token)
    except IntakeVeldfouten as exc:
        fouten = [(v if v in MELD_VELDEN else "melding", t) for v, t in exc.velden.items()]
        return _formulier(request, sessie, svc, waarden=waarden, fouten=fouten, status_code=422)
    except IntakeGeweigerd as exc:
        fouten = [("melding", f"U kunt hier niet melden: {'; '.join(exc.reasons)}")]
        return _formulier(request, sessie, svc, waarden=waarden, fouten=fouten, status_code=403)
    except IntakeFout:
        fouten = [
            (
                "melding",
                "Uw melding kon nu niet worden verstuurd. Uw gegevens staan er nog; "
                "probeer het zo opnieuw.",
            )
        ]
        return _formulier(request, sessie, svc, waarden=waarden, fouten=fouten, status_code=502)
    incident_id = str(antwoord.get("incident_id") or "")
    try:
        dossier = str(dossier_id_van(uuid.UUID(incident_id)))
    except ValueError:
        dossier = ""
    return render(
        request,
        "meldpunt_ontvangen.html",
        user=sessie.user,
        actief="meldpunt",
        incident_id=incident_id,
        dossier_id=dossier,
        urgent=melding["urgent"],
    )


@router.get("/vpt", response_class=HTMLResponse)
async def lijst(request: Request, sessie: SessieDep, svc: Svc) -> Response:
    actor = sessie.actor
    dossiers = await vpt.leesbare_dossiers(actor=actor, uow=svc.uow, pdp=svc.pdp)
    per_incident = {d.incident_id: d for d in dossiers}
    incidenten: list[dict[str, Any]] = []
    intake_fout = None
    try:
        incidenten = await _meldpunt(svc).vpt_incidenten(token=sessie.token)
    except IntakeFout:
        intake_fout = "De meldingen kunnen nu niet bij het meldpunt worden opgehaald."
    rijen = []
    gezien: set[uuid.UUID] = set()
    for i in incidenten:
        try:
            incident_id = uuid.UUID(str(i.get("incident_id")))
        except ValueError:
            continue
        gezien.add(incident_id)
        rijen.append(
            {
                "incident": i,
                "dossier_id": dossier_id_van(incident_id),
                "dossier": per_incident.get(incident_id),
            }
        )
    for d in dossiers:  # a dossier whose report intake did not list (e.g. intake unreachable)
        if d.incident_id not in gezien:
            rijen.append({"incident": {}, "dossier_id": d.dossier_id, "dossier": d})
    return render(
        request,
        "vpt_lijst.html",
        user=sessie.user,
        actief="vpt",
        rijen=rijen,
        soorten=SOORTEN,
        intake_fout=intake_fout,
    )


async def _pagina(
    request: Request,
    sessie: Sessie,
    svc: Services,
    dossier_id: uuid.UUID,
    *,
    fouten: Fouten | None = None,
    formulier: str = "",
    waarden: dict[str, Any] | None = None,
    bericht: str | None = None,
    status_code: int = 200,
) -> Response:
    actor = sessie.actor
    try:
        dossier = await vpt.lees_dossier(dossier_id, actor=actor, uow=svc.uow, pdp=svc.pdp)
    except VptDossierNietGevonden:
        return _fout(
            request,
            sessie,
            status=404,
            titel="Dossier (nog) niet gevonden",
            melding=(
                "Dit VPT-dossier bestaat niet, of wordt net aangemaakt na de melding. "
                "Probeer het over een paar seconden opnieuw."
            ),
        )
    except ToegangGeweigerd as exc:
        return _fout(
            request,
            sessie,
            status=403,
            titel="Geen toegang",
            melding="U mag dit VPT-dossier niet inzien.",
            redenen=exc.reasons,
        )
    melding: dict[str, Any] | None = None
    melding_fout = None
    try:
        melding = await _meldpunt(svc).vpt_incident(dossier.incident_id, token=sessie.token)
    except IntakeGeweigerd as exc:
        melding_fout = f"Het meldpunt toont de melding niet: {'; '.join(exc.reasons)}"
    except IntakeFout:
        melding_fout = "De melding kan nu niet bij het meldpunt worden opgehaald."
    schrijven = await vpt.mag_schrijven(dossier, actor=actor, pdp=svc.pdp)
    nazorg = nazorg_staten(
        list((melding or {}).get("nazorg") or []), vandaag=vandaag(svc.clock.now())
    )
    region = svc.settings.region()
    return render(
        request,
        "vpt_dossier.html",
        status_code=status_code,
        user=sessie.user,
        actief="vpt",
        d=dossier,
        dossier_id=dossier.dossier_id,
        melding=melding,
        melding_fout=melding_fout,
        nazorg=nazorg,
        mag_schrijven=schrijven,
        mag_nazorg=schrijven
        or ("leidinggevende" in sessie.user.roles and sessie.user.org == dossier.organisatie),
        fouten=fouten or [],
        formulier=formulier,
        w=waarden or {},
        bericht=bericht,
        vandaag=vandaag(svc.clock.now()).isoformat(),
        organisatie=svc.partner_naam(dossier.organisatie),
        casemanager_naam=(
            u.naam if (u := region.user(dossier.casemanager)) else dossier.casemanager
        ),
        soorten=SOORTEN,
        nazorg_labels=NAZORG_LABELS,
        om_labels=OM_LABELS,
        zitting_labels=ZITTING_LABELS,
        schadefonds_labels=SCHADEFONDS_LABELS,
        afsluit_labels=AFSLUIT_LABELS,
        domiciliekeuze_hint=DOMICILIEKEUZE_HINT,
        pv_voorbeeld=PV_VOORBEELD,
        # the evaluation section (``_vpt_evaluatie.html``): asked only after the PDP allowed reading
        **{
            k: v
            for k, v in (
                await evaluatie_context(
                    svc.uow,
                    dossier.dossier_id,
                    vandaag=vandaag(svc.clock.now()),
                    mag_schrijven=schrijven,
                )
            ).items()
            if k in ("evaluatie", "maatregelen", "te_laat", "statussen")
        },
    )


@router.get("/vpt/{dossier_id:uuid}", response_class=HTMLResponse)
async def dossier_pagina(
    request: Request, dossier_id: uuid.UUID, sessie: SessieDep, svc: Svc, bericht: str = ""
) -> Response:
    return await _pagina(request, sessie, svc, dossier_id, bericht=BERICHTEN.get(bericht))


BERICHTEN = {
    "nazorg": "Het nazorgcontact is geregistreerd als gedaan.",
    "aangifte": "De aangifte is vastgelegd.",
    "om": "De beslissing van het OM is vastgelegd.",
    "zitting": "De zitting is toegevoegd; de begeleiding staat bij de acties.",
    "schade": "De schadevergoeding is vastgelegd.",
    "verzuim": "De verzuimdagen zijn vastgelegd.",
    "actie": "De actie is afgerond.",
    "afsluiten": "Het dossier is afgesloten.",
}


@router.post("/vpt/{dossier_id:uuid}/nazorg")
async def nazorg_gedaan(
    request: Request, dossier_id: uuid.UUID, sessie: SessieDep, svc: Svc
) -> Response:
    form = await request.form()
    contact = str(form.get("contact") or "")
    waarden = {"contact": contact, "op": str(form.get("op") or "")}
    try:
        dossier = await vpt.lees_dossier(dossier_id, actor=sessie.actor, uow=svc.uow, pdp=svc.pdp)
    except (VptDossierNietGevonden, ToegangGeweigerd):
        return _fout(
            request,
            sessie,
            status=403,
            titel="Geen toegang",
            melding="U mag dit dossier niet inzien.",
        )
    fouten: Fouten = []
    if contact not in NAZORG_LABELS:
        fouten.append((f"nazorg-{contact or 'eerste'}", "Kies een nazorgcontact."))
    try:
        op = date.fromisoformat(waarden["op"]) if waarden["op"] else vandaag(svc.clock.now())
        if op > vandaag(svc.clock.now()):
            fouten.append((f"nazorg-{contact}", "Een contact in de toekomst is nog niet gedaan."))
    except ValueError:
        fouten.append((f"nazorg-{contact}", "Vul de datum van het contact in."))
        op = vandaag(svc.clock.now())
    if not fouten:
        try:
            await _meldpunt(svc).vpt_nazorg_gedaan(
                dossier.incident_id, contact=contact, op=op, token=sessie.token
            )
        except IntakeGeweigerd as exc:
            fouten.append((f"nazorg-{contact}", "; ".join(exc.reasons)))
        except (IntakeOngeldig, IntakeNietGevonden) as exc:
            fouten.append((f"nazorg-{contact}", f"Het meldpunt nam dit niet aan: {exc}"))
        except IntakeFout:
            fouten.append(
                (f"nazorg-{contact}", "Het meldpunt is nu niet bereikbaar; probeer het zo opnieuw.")
            )
    if fouten:
        return await _pagina(
            request,
            sessie,
            svc,
            dossier_id,
            fouten=fouten,
            formulier="nazorg",
            waarden=waarden,
            status_code=422,
        )
    return RedirectResponse(f"/vpt/{dossier_id}?bericht=nazorg#nazorg", status_code=303)


def _datum(waarde: str, *, veld: str, wat: str, verplicht: bool = True) -> date | None:
    if not waarde:
        if verplicht:
            raise VptDossierOngeldig(f"Vul {wat} in.", veld=veld)
        return None
    try:
        return date.fromisoformat(waarde)
    except ValueError as exc:
        raise VptDossierOngeldig(f"Vul {wat} in als datum.", veld=veld) from exc


def _keuze(enum_type: Any, waarde: str, *, veld: str) -> Any:
    try:
        return enum_type(waarde)
    except ValueError as exc:
        raise VptDossierOngeldig("Kies een van de mogelijkheden.", veld=veld) from exc


def _wijziging(onderdeel: str, w: dict[str, str]) -> vpt.Wijziging:
    """The form of one section as a command; a Dutch VptDossierOngeldig for bad input."""
    if onderdeel == "aangifte":
        gedaan = _datum(w.get("gedaan_op", ""), veld="gedaan_op", wat="de datum van de aangifte")
        assert gedaan is not None
        return vpt.Aangifte(
            gedaan_op=gedaan,
            pv_nummer=w.get("pv_nummer", ""),
            domiciliekeuze=w.get("domiciliekeuze") == "ja",
            werkadres=w.get("werkadres") or None,
        )
    if onderdeel == "om":
        return vpt.OmBesluit(
            beslissing=_keuze(OmBeslissing, w.get("om_beslissing", ""), veld="om_beslissing"),
            datum=_datum(w.get("om_datum", ""), veld="om_datum", wat="de datum", verplicht=False),
        )
    if onderdeel == "zitting":
        datum = _datum(w.get("datum", ""), veld="datum", wat="de datum van de zitting")
        assert datum is not None
        return vpt.NieuweZitting(
            datum=datum,
            soort=_keuze(ZittingSoort, w.get("soort", ""), veld="soort"),
            plaats=w.get("plaats", ""),
        )
    if onderdeel == "schade":
        return vpt.Schade(
            voeging=w.get("voeging") == "ja",
            schadefonds=_keuze(SchadefondsStatus, w.get("schadefonds", ""), veld="schadefonds"),
            advocaat_naam=w.get("advocaat_naam") or None,
            advocaat_kantoor=w.get("advocaat_kantoor") or None,
        )
    if onderdeel == "verzuim":
        try:
            return vpt.Verzuim(dagen=int(w.get("verzuimdagen", "")))
        except ValueError as exc:
            raise VptDossierOngeldig(
                "Vul het aantal verzuimdagen in als heel getal (0 of meer).", veld="verzuimdagen"
            ) from exc
    if onderdeel == "actie":
        try:
            return vpt.ActieGedaan(actie_id=uuid.UUID(w.get("actie_id", "")))
        except ValueError as exc:
            raise VptDossierOngeldig("Deze actie bestaat niet.", veld="actie") from exc
    if onderdeel == "afsluiten":
        return vpt.Afsluiten(
            reden=_keuze(VptAfsluitreden, w.get("afsluitreden", ""), veld="afsluitreden"),
            toelichting=w.get("toelichting") or None,
        )
    raise VptDossierNietGevonden(onderdeel)


ONDERDELEN = ("aangifte", "om", "zitting", "schade", "verzuim", "actie", "afsluiten")


async def _wijzig(
    request: Request, dossier_id: uuid.UUID, onderdeel: str, sessie: Sessie, svc: Services
) -> Response:
    form = await request.form()
    waarden = {k: str(v).strip() for k, v in form.items()}
    try:
        await vpt.wijzig(
            dossier_id,
            _wijziging(onderdeel, waarden),
            actor=sessie.actor,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
            evaluaties=svc.vpt_evaluaties,
        )
    except VptDossierOngeldig as exc:
        veld = f"{onderdeel}-{exc.veld or 'formulier'}"
        return await _pagina(
            request,
            sessie,
            svc,
            dossier_id,
            fouten=[(veld, str(exc))],
            formulier=onderdeel,
            waarden=waarden,
            status_code=422,
        )
    except ToegangGeweigerd as exc:
        return _fout(
            request,
            sessie,
            status=403,
            titel="Niet toegestaan",
            melding="Alleen de toegewezen VPT-casemanager werkt dit dossier bij.",
            redenen=exc.reasons,
        )
    except VptDossierNietGevonden:
        return _fout(
            request, sessie, status=404, titel="Niet gevonden", melding="Dit dossier bestaat niet."
        )
    anker = "acties" if onderdeel in ("zitting", "actie") else onderdeel
    return RedirectResponse(f"/vpt/{dossier_id}?bericht={onderdeel}#{anker}", status_code=303)


# One explicit route per section (no catch-all: /vpt/{id}/evaluatie and …/maatregelen are
# h-evaluatie's routes beside these).
def _route(onderdeel: str) -> None:
    async def route(
        request: Request, dossier_id: uuid.UUID, sessie: SessieDep, svc: Svc
    ) -> Response:
        return await _wijzig(request, dossier_id, onderdeel, sessie, svc)

    route.__name__ = f"vpt_{onderdeel}"
    router.add_api_route(f"/vpt/{{dossier_id:uuid}}/{onderdeel}", route, methods=["POST"])


for _onderdeel in ONDERDELEN:
    _route(_onderdeel)
