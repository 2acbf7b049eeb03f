"""Triage pages: the queue, one melding with the triage form, waiting for the casus."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, ClassVar

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from zvh_contracts.triage import (
    STANDAARD_HERBEOORDELING,
    TriageOpdracht,
    herbeoordeling_minimum,
    triage_fouten,
)
from zvh_contracts.vocab import Casemanagementmodel, Leefgebied, TriageUitkomst

from zvh_overleg.application.casemanagement import (
    KETEN_NAMEN,
    LEEFGEBIEDEN_INTENSIEF,
    MODEL_NAMEN,
    Inclusiecriteria,
    bewaar_triagekeuze,
    ketens_uit,
    modelkeuze_fouten,
    voorgesteld_model,
)
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.intake import (
    IntakeConflict,
    IntakeFout,
    IntakeGeweigerd,
    IntakeNietGevonden,
    IntakeOngeldig,
)
from zvh_overleg.application.labels import casus_labels
from zvh_overleg.application.queries import (
    casus_by_melding,
    casussen_voor_meldingen,
    geopende_casus,
)
from zvh_overleg.application.timeutil import vandaag
from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.tracing import mark
from zvh_overleg.entrypoints.web.session import SessieDep
from zvh_overleg.entrypoints.web.templating import render

router = APIRouter()
Svc = Annotated[Services, Depends(services)]

#: How long the triage POST waits for the consumer to open the casus before showing "wachten".
CASUS_WAIT_S = 3.0


def _onbereikbaar(request: Request, sessie: SessieDep, exc: IntakeFout) -> HTMLResponse:
    return render(
        request,
        "fout.html",
        status_code=502,
        user=sessie.user,
        titel="Intake niet bereikbaar",
        melding="De meldingen kunnen nu niet worden opgehaald. Probeer het later opnieuw.",
    )


@router.get("/triage", response_class=HTMLResponse)
async def triage_lijst(
    request: Request, sessie: SessieDep, svc: Svc, vastgelegd: uuid.UUID | None = None
) -> Response:
    try:
        meldingen = await svc.intake.te_trieren(token=sessie.token)
    except IntakeGeweigerd as exc:
        return render(
            request,
            "fout.html",
            status_code=403,
            user=sessie.user,
            titel="Geen toegang",
            melding="U heeft geen toegang tot de triagelijst.",
            redenen=exc.reasons,
        )
    except IntakeFout as exc:
        return _onbereikbaar(request, sessie, exc)
    region = svc.settings.region()
    return render(
        request,
        "triage_lijst.html",
        user=sessie.user,
        meldingen=meldingen,
        region=region,
        vastgelegd=vastgelegd,
    )


@dataclass
class TriageForm:
    """The triage form as typed in, its errors in Dutch and the intake request it makes.

    The rules are intake's own (``zvh_contracts.triage``): the form only turns the typed text
    into the contract's shape and shows each broken rule next to its field.
    """

    #: The form field (element id) where a broken rule on a contract field is shown.
    VELDEN: ClassVar[dict[str, str]] = {
        "uitkomst": "uitkomst-casus",
        "ave_fase": "ave-fase",
        "client_geinformeerd": "client-geinformeerd-ja",
        "reden_niet_geinformeerd": "reden-niet-geinformeerd",
        "herbeoordeling_op": "herbeoordeling-op",
        "uit_te_nodigen_partners": "partners",
        "bestaande_casus_id": "bestaande-nieuw",
        "advies": "advies",
        "reden_terugverwijzing": "reden-terugverwijzing",
        "model": "model-voorstel-volgen",
        "model_reden": "model-reden",
    }

    uitkomst: str = ""
    ave_fase: str = ""
    client_geinformeerd: str = ""
    reden_niet_geinformeerd: str = ""
    herbeoordeling_op: str = ""
    partners: list[str] = field(default_factory=list)
    bestaande_casus_id: str = ""
    #: The terugmelding to the melder: the advies, or why the melding goes back.
    advies: str = ""
    reden_terugverwijzing: str = ""
    #: The inclusion checklist (seed 003) and the casemanagement model: empty model means
    #: "follow the suggestion"; another model than the suggestion needs ``model_reden``.
    acuut_geweld: bool = False
    leefgebieden: int = 0
    ketens: list[str] = field(default_factory=list)
    model: str = ""
    model_reden: str = ""
    fouten: list[tuple[str, str]] = field(default_factory=list)

    @property
    def criteria(self) -> Inclusiecriteria:
        return Inclusiecriteria(
            acuut_geweld=self.acuut_geweld,
            leefgebieden=self.leefgebieden,
            ketens=ketens_uit(self.ketens),
        )

    @property
    def voorstel(self) -> Casemanagementmodel:
        return voorgesteld_model(self.criteria)

    @property
    def gekozen_model(self) -> Casemanagementmodel:
        """The model chosen: the suggestion unless another one is ticked."""
        if self.model in {m.value for m in Casemanagementmodel}:
            return Casemanagementmodel(self.model)
        return self.voorstel

    @classmethod
    def formulierveld(cls, veld: str) -> str:
        """The element id for a contract field (``uit_te_nodigen_partners[2]`` → ``partners``)."""
        return cls.VELDEN.get(veld.split("[", 1)[0], "uitkomst-casus")

    def _fout(self, veld_id: str, melding: str) -> None:
        if (veld_id, melding) not in self.fouten:
            self.fouten.append((veld_id, melding))

    def opdracht(self) -> TriageOpdracht:
        """The typed text in the contract's shape; text that is no value at all is a form error."""
        gekozen = self.uitkomst in {u.value for u in TriageUitkomst}
        uitkomst = TriageUitkomst(self.uitkomst) if gekozen else None
        ave_fase: int | None = None
        if self.ave_fase.strip():
            try:
                ave_fase = int(self.ave_fase)
            except ValueError:
                self._fout("ave-fase", "Vul de AVE-fase in als getal.")
        geinformeerd = {"ja": True, "nee": False}.get(self.client_geinformeerd)
        herbeoordeling: date | None = None
        if geinformeerd is False and self.herbeoordeling_op.strip():
            try:
                herbeoordeling = date.fromisoformat(self.herbeoordeling_op.strip())
            except ValueError:
                self._fout("herbeoordeling-op", "Vul een geldige herbeoordelingsdatum in.")
        bestaande: uuid.UUID | None = None
        if self.bestaande_casus_id.strip():
            try:
                bestaande = uuid.UUID(self.bestaande_casus_id.strip())
            except ValueError:
                self._fout("bestaande-casus", "Kies een bestaande casus uit de lijst.")
        return TriageOpdracht(
            uitkomst=uitkomst,
            ave_fase=ave_fase,
            client_geinformeerd=geinformeerd,
            reden_niet_geinformeerd=None
            if geinformeerd
            else self.reden_niet_geinformeerd.strip() or None,
            herbeoordeling_op=herbeoordeling,
            uit_te_nodigen_partners=list(dict.fromkeys(self.partners))
            if uitkomst is TriageUitkomst.CASUS
            else [],
            bestaande_casus_id=bestaande,
            advies=self.advies.strip() or None if uitkomst is TriageUitkomst.ADVIES else None,
            reden_terugverwijzing=self.reden_terugverwijzing.strip() or None
            if uitkomst is TriageUitkomst.TERUGVERWEZEN
            else None,
        )

    def check(self, *, partner_codes: list[str], today: date) -> dict[str, Any] | None:
        """The body for intake's triage command, or None with ``fouten`` filled in.

        An empty herbeoordelingsdatum is sent as such: intake fills in its default.
        """
        opdracht = self.opdracht()
        for fout in triage_fouten(opdracht, vandaag=today, partners=partner_codes):
            self._fout(self.formulierveld(fout.veld), fout.melding)
        if opdracht.uitkomst is TriageUitkomst.CASUS:
            for fout in modelkeuze_fouten(
                voorgesteld=self.voorstel, gekozen=self.gekozen_model, reden=self.model_reden
            ):
                self._fout(self.formulierveld(fout.veld), fout.melding)
            opdracht = opdracht.model_copy(update={"model": self.gekozen_model})
        if self.fouten:
            return None
        body = opdracht.model_dump(mode="json")
        for veld in ("bestaande_casus_id", "advies", "reden_terugverwijzing", "model"):
            if body[veld] is None:
                del body[veld]  # only sent when given (a casus reopened, a text for the melder)
        return body


async def _melding_page(
    request: Request,
    *,
    sessie: SessieDep,
    svc: Services,
    melding_id: uuid.UUID,
    form: TriageForm,
    status_code: int = 200,
    bestaande: str = "",
) -> Response:
    try:
        melding = await svc.intake.melding(melding_id, token=sessie.token)
    except IntakeGeweigerd as exc:
        return render(
            request,
            "fout.html",
            status_code=403,
            user=sessie.user,
            titel="Geen toegang tot deze melding",
            melding="U mag de inhoud van deze melding niet inzien.",
            redenen=exc.reasons,
        )
    except IntakeNietGevonden:
        return render(
            request,
            "fout.html",
            status_code=404,
            user=sessie.user,
            titel="Melding niet gevonden",
            melding="Deze melding bestaat niet (meer).",
        )
    except IntakeFout as exc:
        return _onbereikbaar(request, sessie, exc)
    bekend = await bekende_casussen(melding, sessie=sessie, svc=svc)
    region = svc.settings.region()
    # the checklist counts the melding's leefgebieden; the suggestion follows the ticks
    form.leefgebieden = len(melding.get("leefgebieden") or [])
    # Who cannot be invited, and why: the convenant register (consent) says so (issue 7).
    niet_uitnodigbaar = await svc.niet_uitnodigbaar(
        [p.code for p in region.partners if p.code != "zvh"], token=sessie.token
    )
    return render(
        request,
        "triage_melding.html",
        status_code=status_code,
        user=sessie.user,
        melding=melding,
        melding_id=melding_id,
        region=region,
        niet_uitnodigbaar=niet_uitnodigbaar,
        form=form,
        fouten=form.fouten,
        bekend=bekend,
        bestaande=bestaande,
        herbeoordeling_min=herbeoordeling_minimum(vandaag(svc.clock.now())).isoformat(),
        standaard_herbeoordeling=STANDAARD_HERBEOORDELING,
        model_namen=MODEL_NAMEN,
        ketens=KETEN_NAMEN,
        leefgebieden_intensief=LEEFGEBIEDEN_INTENSIEF,
    )


@router.get("/triage/{melding_id}", response_class=HTMLResponse)
async def triage_melding(
    request: Request, melding_id: uuid.UUID, sessie: SessieDep, svc: Svc
) -> Response:
    mark(melding_id=melding_id)
    return await _melding_page(
        request, sessie=sessie, svc=svc, melding_id=melding_id, form=TriageForm()
    )


@router.post("/triage/{melding_id}")
async def triage_vastleggen(
    request: Request, melding_id: uuid.UUID, sessie: SessieDep, svc: Svc
) -> Response:
    mark(melding_id=melding_id)
    data = await request.form()
    form = TriageForm(
        uitkomst=str(data.get("uitkomst", "")),
        ave_fase=str(data.get("ave_fase", "")),
        client_geinformeerd=str(data.get("client_geinformeerd", "")),
        reden_niet_geinformeerd=str(data.get("reden_niet_geinformeerd", "")),
        herbeoordeling_op=str(data.get("herbeoordeling_op", "")),
        partners=[str(p) for p in data.getlist("partners")],
        # The choice only counts for a casus; with advies or terugverwezen it is left out.
        bestaande_casus_id=str(data.get("bestaande_casus_id", ""))
        if data.get("uitkomst") == "casus"
        else "",
        advies=str(data.get("advies", "")),
        reden_terugverwijzing=str(data.get("reden_terugverwijzing", "")),
        acuut_geweld=data.get("acuut_geweld") == "ja",
        leefgebieden=_aantal(str(data.get("leefgebieden", ""))),
        ketens=[str(k) for k in data.getlist("ketens")],
        model=str(data.get("model", "")),
        model_reden=str(data.get("model_reden", "")),
    )
    if data.get("actie") == "voorstel":  # "Voorstel bijwerken": show the suggestion, no triage
        return await _melding_page(
            request, sessie=sessie, svc=svc, melding_id=melding_id, form=form
        )
    bestaande = str(data.get("bestaande_casus_id", ""))
    body = form.check(
        partner_codes=svc.settings.region().partner_codes(), today=vandaag(svc.clock.now())
    )
    # Only a casus this melding was actually offered (same person) may be reopened.
    aangeboden = (
        await _bestaande_casus(bestaande, melding_id=melding_id, sessie=sessie, svc=svc)
        if body is not None and body.get("bestaande_casus_id")
        else True
    )
    if aangeboden is None:
        form.fouten.append(("bestaande-nieuw", "Kies een bestaande casus uit de lijst."))
        body = None
    if body is not None and body.get("uit_te_nodigen_partners"):
        # Intake refuses these too; asking here puts the reason next to the partners.
        geweigerd = await svc.niet_uitnodigbaar(body["uit_te_nodigen_partners"], token=sessie.token)
        for code, waarom in geweigerd.items():
            naam = svc.partner_naam(code)
            form.fouten.append(("partners", f"{naam} kan niet worden uitgenodigd: {waarom}"))
        if geweigerd:
            body = None
    if body is None:
        return await _melding_page(
            request,
            sessie=sessie,
            svc=svc,
            melding_id=melding_id,
            form=form,
            status_code=422,
            bestaande=bestaande,
        )
    try:
        await svc.intake.trieer(melding_id, triage=body, token=sessie.token)
    except IntakeConflict:
        form.fouten.append(("uitkomst-casus", "Deze melding is al getrieerd."))
        return await _melding_page(
            request, sessie=sessie, svc=svc, melding_id=melding_id, form=form, status_code=409
        )
    except IntakeOngeldig as exc:
        form.fouten.append(("uitkomst-casus", f"Intake weigerde de triage: {exc}"))
        return await _melding_page(
            request, sessie=sessie, svc=svc, melding_id=melding_id, form=form, status_code=422
        )
    except IntakeGeweigerd as exc:
        return render(
            request,
            "fout.html",
            status_code=403,
            user=sessie.user,
            titel="Triage niet toegestaan",
            melding="U mag deze melding niet triëren.",
            redenen=exc.reasons,
        )
    except IntakeFout as exc:
        return _onbereikbaar(request, sessie, exc)
    if body["uitkomst"] != "casus":
        return RedirectResponse(f"/triage?vastgelegd={melding_id}", 303)
    await bewaar_triagekeuze(
        melding_id,
        voorgesteld=form.voorstel,
        gekozen=form.gekozen_model,
        reden=form.model_reden,
        actor=sessie.actor,
        uow=svc.uow,
        clock=svc.clock,
    )
    if await _wait_for_casus(svc, melding_id, timeout_s=CASUS_WAIT_S):
        try:  # the PDP decides whether this user sees which casus it became
            casus_id = await geopende_casus(
                melding_id, actor=sessie.actor, uow=svc.uow, pdp=svc.pdp
            )
        except ToegangGeweigerd:
            casus_id = None  # the waiting page says why
        if casus_id:
            return RedirectResponse(f"/casussen/{casus_id}", 303)
    return RedirectResponse(f"/triage/{melding_id}/casus", 303)


def _aantal(tekst: str) -> int:
    """The leefgebieden count the page rendered (a suggestion's input only), bounded."""
    return min(int(tekst), len(Leefgebied)) if tekst.isdigit() else 0


async def _wait_for_casus(
    svc: Services, melding_id: uuid.UUID, *, timeout_s: float
) -> uuid.UUID | None:
    """Poll our own database until the consumer opened the casus, up to a deadline."""
    deadline = time.monotonic() + timeout_s
    while True:
        casus_id = await casus_by_melding(melding_id, uow=svc.uow)
        if casus_id or time.monotonic() >= deadline:
            return casus_id
        await asyncio.sleep(0.1)


@router.get("/triage/{melding_id}/casus", response_class=HTMLResponse)
async def casus_wachten(
    request: Request, melding_id: uuid.UUID, sessie: SessieDep, svc: Svc
) -> Response:
    """'Casus wordt aangemaakt' until the casus exists; htmx polls this every second.

    Which casus a melding became is casus metadata: the PDP decides (``read`` of ``casus``), so
    the FG or a partner that is not a deelnemer learns nothing of it."""
    htmx = request.headers.get("HX-Request") == "true"
    try:
        casus_id = await geopende_casus(melding_id, actor=sessie.actor, uow=svc.uow, pdp=svc.pdp)
    except ToegangGeweigerd as exc:
        return render(
            request,
            "fout.html",
            status_code=403,
            user=sessie.user,
            titel="Geen toegang tot deze casus",
            melding="U mag niet zien welke casus van deze melding is gemaakt.",
            redenen=exc.reasons,
        )
    if casus_id:
        target = f"/casussen/{casus_id}"
        if htmx:
            return Response(status_code=200, headers={"HX-Redirect": target})
        return RedirectResponse(target, 303)
    template = "_casus_wachten.html" if htmx else "casus_wachten.html"
    return render(request, template, user=sessie.user, melding_id=melding_id)


@dataclass(frozen=True)
class BekendeCasus:
    """A casus holding an earlier melding about this person (triage: heropenen / toevoegen)."""

    casus_id: uuid.UUID
    label: str
    afgesloten: bool
    ave_fase: int | None


def _eerdere_melding_ids(melding: dict[str, Any]) -> list[uuid.UUID]:
    ids: list[uuid.UUID] = []
    for eerder in melding.get("eerdere_meldingen") or []:
        try:
            ids.append(uuid.UUID(str(eerder.get("melding_id"))))
        except (AttributeError, ValueError):
            continue
    return ids


async def bekende_casussen(
    melding: dict[str, Any], *, sessie: SessieDep, svc: Services
) -> list[BekendeCasus]:
    """Overleg's casussen for intake's ``eerdere_meldingen``; empty on anything odd."""
    casussen = await casussen_voor_meldingen(
        _eerdere_melding_ids(melding), actor=sessie.actor, uow=svc.uow, pdp=svc.pdp
    )
    labels = await casus_labels(casussen, intake=svc.intake, token=sessie.token)
    return [
        BekendeCasus(
            casus_id=c.casus_id,
            label=labels[c.casus_id],
            afgesloten=c.afgesloten,
            ave_fase=c.ave_fase,
        )
        for c in casussen
    ]


async def _bestaande_casus(
    keuze: str, *, melding_id: uuid.UUID, sessie: SessieDep, svc: Services
) -> uuid.UUID | None:
    """The chosen casus id when it is one of those offered for this melding."""
    try:
        casus_id = uuid.UUID(keuze)
        melding = await svc.intake.melding(melding_id, token=sessie.token)
    except (ValueError, IntakeFout):
        return None
    casussen = await casussen_voor_meldingen(
        _eerdere_melding_ids(melding), actor=sessie.actor, uow=svc.uow, pdp=svc.pdp
    )
    return casus_id if any(c.casus_id == casus_id for c in casussen) else None
