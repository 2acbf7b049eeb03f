"""Use cases on in-memory fakes: intake of partner messages, triage and the queries."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from intake_fakes import BrokenPdp, FakeClock, FakePdp, Store
from voorbeelden import BSN, bericht, melding_body
from zvh_contracts import topics
from zvh_contracts.envelope import derived_id
from zvh_contracts.intake import melding_v1 as intake_events
from zvh_contracts.partner.melding_v1 import MeldingOntvangen, OntvangstStatus
from zvh_contracts.pdp import Decision, Subject
from zvh_contracts.vocab import Casemanagementmodel, TriageUitkomst
from zvh_intake.application.intake import MeldingIntake, Verwerking
from zvh_intake.application.queries import (
    MAX_LABELS,
    eerdere_meldingen,
    lees_labels,
    lees_melding,
    lijst_meldingen,
)
from zvh_intake.application.triage import TriageerMelding, triageer
from zvh_intake.domain.errors import (
    AlGetrieerd,
    InzageGeweigerd,
    MeldingNietGevonden,
    TriageOngeldig,
)
from zvh_intake.domain.informatie import ItemSoort
from zvh_intake.domain.model import MeldingStatus

FROM_POLITIE = topics.partner_from_zvh("politie-zwb")


@pytest.fixture
def intake(uow_factory, clock: FakeClock, partners: frozenset[str]) -> MeldingIntake:  # type: ignore[no-untyped-def]
    return MeldingIntake(
        uow_factory=uow_factory, pseudonym_key=b"test-key", partners=partners, clock=clock
    )


@pytest.mark.parametrize(
    ("ontvangen_op", "uiterlijk"),
    [
        (datetime(2026, 12, 24, 9, 0, tzinfo=UTC), date(2026, 12, 28)),  # over the Kerstdagen
        (datetime(2027, 3, 26, 9, 0, tzinfo=UTC), date(2027, 3, 30)),  # over Tweede paasdag
    ],
)
async def test_the_triage_deadline_skips_public_holidays(  # type: ignore[no-untyped-def]
    uow_factory, store: Store, partners: frozenset[str], ontvangen_op: datetime, uiterlijk: date
) -> None:
    intake = MeldingIntake(
        uow_factory=uow_factory,
        pseudonym_key=b"test-key",
        partners=partners,
        clock=FakeClock(ontvangen_op),
    )
    resultaat = await intake.verwerk(bericht(melding_body()))  # urgentie hoog
    melding = store.meldingen[resultaat.melding_id]  # type: ignore[index]
    assert melding.triage_uiterlijk == uiterlijk


async def test_valid_melding_is_stored_with_the_topic_partner_as_eigenaar(
    intake: MeldingIntake, store: Store
) -> None:
    body = melding_body(melder="om-zwb")  # a payload field can never set the melder
    resultaat = await intake.verwerk(bericht(body))

    assert resultaat.verwerking is Verwerking.ONTVANGEN
    melding = store.meldingen[resultaat.melding_id]  # type: ignore[index]
    assert melding.eigenaar == "politie-zwb"
    assert melding.status is MeldingStatus.TE_TRIEREN
    assert melding.triage_uiterlijk == date(2025, 3, 13)  # hoog, received on a Wednesday
    assert melding.inhoud["reden"] == body["reden"]
    assert len(melding.pseudoniemen) == 1

    assert [u.topic for u in store.outbox] == [FROM_POLITIE, topics.INTAKE_MELDING]
    receipt, chain = (u.event for u in store.outbox)
    assert isinstance(receipt, MeldingOntvangen)
    assert receipt.status is OntvangstStatus.ONTVANGEN
    assert receipt.melding_id == melding.id
    assert isinstance(chain, intake_events.MeldingOntvangen)
    assert chain.melder == "politie-zwb"
    assert chain.betrokkene_pseudoniemen == list(melding.pseudoniemen)
    dumped = chain.model_dump_json()
    assert BSN not in dumped and "Testpersoon" not in dumped and "escalatie" not in dumped


async def test_invalid_melding_is_rejected_with_reasons_and_kept(
    intake: MeldingIntake, store: Store
) -> None:
    body = melding_body(urgentie="heel-hoog", leefgebieden=[])
    resultaat = await intake.verwerk(bericht(body))

    assert resultaat.verwerking is Verwerking.AFGEWEZEN
    assert store.meldingen == {}
    (uit,) = store.outbox
    assert uit.topic == FROM_POLITIE
    afwijzing = uit.event
    assert isinstance(afwijzing, MeldingOntvangen)
    assert afwijzing.status is OntvangstStatus.AFGEWEZEN
    assert afwijzing.melder_referentie == "PL-2025-0001"
    assert {r.veld for r in afwijzing.redenen} == {"urgentie", "leefgebieden"}
    (kopie,) = store.onverwerkbaar
    assert kopie.melder == "politie-zwb"
    assert kopie.body_tekst == json.dumps(body) and kopie.body_base64 == ""  # kept once
    assert kopie.headers["ce_type"] == "zvh.partner.melding.ingediend.v1"
    assert {r.veld for r in kopie.redenen} == {"urgentie", "leefgebieden"}


@pytest.mark.parametrize(
    ("kwargs", "veld"),
    [
        ({"body": b"{geen json"}, ""),
        ({"body": b"\xff\xfe binary"}, ""),
        ({"ce_type": "zvh.partner.iets.anders.v1"}, "ce_type"),
        ({"ce_type": "zvh.partner.melding.ontvangen.v1"}, "ce_type"),
        ({"envelope": False}, ""),
        (
            {"body": melding_body(uit_te_nodigen_partners=["bestaat-niet"])},
            "uit_te_nodigen_partners[0]",
        ),
    ],
)
async def test_everything_unusable_is_rejected_never_dropped(
    intake: MeldingIntake, store: Store, kwargs: dict[str, object], veld: str
) -> None:
    resultaat = await intake.verwerk(bericht(**kwargs))  # type: ignore[arg-type]
    assert resultaat.verwerking is Verwerking.AFGEWEZEN
    assert resultaat.redenen and resultaat.redenen[0].veld == veld
    assert len(store.onverwerkbaar) == 1
    (uit,) = store.outbox
    assert isinstance(uit.event, MeldingOntvangen) and uit.event.redenen


async def test_unknown_partner_topic_is_kept_without_a_reply(
    intake: MeldingIntake, store: Store
) -> None:
    resultaat = await intake.verwerk(bericht(topic="zvh.partner.onbekend.to-zvh.v1"))
    assert resultaat.verwerking is Verwerking.AFGEWEZEN
    assert len(store.onverwerkbaar) == 1
    assert store.outbox == []


async def test_terugkoppeling_is_left_to_overleg(intake: MeldingIntake, store: Store) -> None:
    resultaat = await intake.verwerk(bericht(ce_type="zvh.partner.actie.teruggekoppeld.v1"))
    assert resultaat.verwerking is Verwerking.GENEGEERD
    assert store.outbox == [] and store.onverwerkbaar == [] and store.inbox == set()


async def test_duplicate_ce_id_changes_nothing(intake: MeldingIntake, store: Store) -> None:
    ce_id = uuid.uuid4()
    eerste = await intake.verwerk(bericht(ce_id=ce_id))
    tweede = await intake.verwerk(bericht(ce_id=ce_id))
    assert eerste.verwerking is Verwerking.ONTVANGEN
    assert tweede.verwerking is Verwerking.DUBBEL
    assert len(store.meldingen) == 1 and len(store.outbox) == 2


async def test_duplicate_broken_message_is_kept_once(intake: MeldingIntake, store: Store) -> None:
    await intake.verwerk(bericht(envelope=False, offset=7))
    again = await intake.verwerk(bericht(envelope=False, offset=7))
    assert again.verwerking is Verwerking.DUBBEL
    assert len(store.onverwerkbaar) == 1 and len(store.outbox) == 1


async def test_same_referentie_answers_with_the_existing_melding(
    intake: MeldingIntake, store: Store
) -> None:
    eerste = await intake.verwerk(bericht())
    tweede = await intake.verwerk(bericht())  # a resend with a new ce_id
    assert tweede.verwerking is Verwerking.BESTAAND
    assert tweede.melding_id == eerste.melding_id
    assert len(store.meldingen) == 1
    receipts = [u.event for u in store.outbox if u.topic == FROM_POLITIE]
    assert [r.melding_id for r in receipts] == [eerste.melding_id] * 2  # type: ignore[attr-defined]
    assert sum(u.topic == topics.INTAKE_MELDING for u in store.outbox) == 1


async def test_same_referentie_from_another_partner_is_a_new_melding(
    intake: MeldingIntake, store: Store
) -> None:
    a = await intake.verwerk(bericht())
    b = await intake.verwerk(bericht(topic="zvh.partner.ggz-wnb.to-zvh.v1"))
    assert a.melding_id != b.melding_id
    assert store.meldingen[b.melding_id].eigenaar == "ggz-wnb"  # type: ignore[index]


# --- triage -------------------------------------------------------------------------------


def _cmd(melding_id: uuid.UUID, **kw: object) -> TriageerMelding:
    base: dict[str, object] = {
        "melding_id": melding_id,
        "uitkomst": TriageUitkomst.CASUS,
        "ave_fase": 3,
        "client_geinformeerd": True,
        "reden_niet_geinformeerd": None,
        "herbeoordeling_op": None,
        "uit_te_nodigen_partners": ("ggz-wnb", "politie-zwb"),
        "door": "pr.jansen",
    }
    base.update(kw)
    return TriageerMelding(**base)  # type: ignore[arg-type]


async def test_triage_stores_decision_and_queues_getrieerd(
    intake: MeldingIntake,
    store: Store,
    uow_factory,
    clock: FakeClock,
    partners: frozenset[str],  # type: ignore[no-untyped-def]
) -> None:
    mid = (await intake.verwerk(bericht())).melding_id
    assert mid is not None
    clock.advance(hours=2)
    m = await triageer(_cmd(mid), uow_factory=uow_factory, clock=clock, partners=partners)
    assert store.meldingen[mid].status is MeldingStatus.GETRIEERD
    assert m.triage is not None and m.triage.getrieerd_op == clock.now()
    event = store.outbox[-1]
    assert event.topic == topics.INTAKE_MELDING
    assert isinstance(event.event, intake_events.MeldingGetrieerd)
    assert event.event.uitkomst is TriageUitkomst.CASUS
    assert event.event.uit_te_nodigen_partners == ["ggz-wnb", "politie-zwb"]
    with pytest.raises(AlGetrieerd):
        await triageer(_cmd(mid), uow_factory=uow_factory, clock=clock, partners=partners)


@pytest.mark.parametrize(
    ("uitkomst", "verwacht"),
    [
        (TriageUitkomst.CASUS, Casemanagementmodel.INTENSIEF),
        (TriageUitkomst.ADVIES, None),
    ],
)
async def test_the_casemanagement_model_goes_to_overleg_only_with_uitkomst_casus(
    intake: MeldingIntake,
    store: Store,
    uow_factory,  # type: ignore[no-untyped-def]
    clock: FakeClock,
    partners: frozenset[str],
    uitkomst: TriageUitkomst,
    verwacht: Casemanagementmodel | None,
) -> None:
    mid = (await intake.verwerk(bericht())).melding_id
    assert mid is not None
    cmd = _cmd(mid, uitkomst=uitkomst, model=Casemanagementmodel.INTENSIEF)
    await triageer(cmd, uow_factory=uow_factory, clock=clock, partners=partners)
    [event] = [o.event for o in store.outbox if isinstance(o.event, intake_events.MeldingGetrieerd)]
    assert event.casemanagementmodel == verwacht


async def test_getrieerd_names_the_betrokkenen_client_first(
    intake: MeldingIntake,
    store: Store,
    uow_factory,
    clock: FakeClock,
    partners: frozenset[str],  # type: ignore[no-untyped-def]
) -> None:
    """Overleg takes the first pseudonym as the person the casus is about: the client's, even
    when the melder named someone else first."""
    kind = {"rol": "kind", "voornaam": "Els", "achternaam": "Smit", "geboortedatum": "2015-05-05"}
    client = {"rol": "client", "voornaam": "Jan", "achternaam": "de Vries", "bsn": BSN}
    ouder = {"rol": "gezinslid", "voornaam": "Kees", "achternaam": "Anders"}
    body = melding_body(betrokkenen=[kind, client, ouder])
    mid = (await intake.verwerk(bericht(body))).melding_id
    assert mid is not None
    per_positie = {
        i.positie: i.betrokkene
        for i in store.meldingen[mid].items
        if i.soort is ItemSoort.BETROKKENE
    }
    await triageer(_cmd(mid), uow_factory=uow_factory, clock=clock, partners=partners)
    event = store.outbox[-1].event
    assert isinstance(event, intake_events.MeldingGetrieerd)
    assert event.betrokkene_pseudoniemen == [per_positie[1], per_positie[0], per_positie[2]]
    assert len(set(event.betrokkene_pseudoniemen)) == 3
    assert all(len(p) == 32 for p in event.betrokkene_pseudoniemen)
    tekst = json.dumps(event.model_dump(mode="json"))
    assert "Jan" not in tekst and BSN not in tekst  # pseudonyms only


async def test_getrieerd_without_items_keeps_the_stored_pseudonyms(
    intake: MeldingIntake,
    store: Store,
    uow_factory,
    clock: FakeClock,
    partners: frozenset[str],  # type: ignore[no-untyped-def]
) -> None:
    """A melding stored before its items had pseudonyms still names its persons."""
    from dataclasses import replace

    mid = (await intake.verwerk(bericht())).melding_id
    assert mid is not None
    oud = store.meldingen[mid]
    zonder = tuple(replace(i, betrokkene=None) for i in oud.items)
    store.meldingen[mid] = replace(oud, items=zonder)
    await triageer(_cmd(mid), uow_factory=uow_factory, clock=clock, partners=partners)
    event = store.outbox[-1].event
    assert isinstance(event, intake_events.MeldingGetrieerd)
    assert event.betrokkene_pseudoniemen == list(oud.pseudoniemen) and oud.pseudoniemen


async def test_triage_errors(
    intake: MeldingIntake,
    uow_factory,
    clock: FakeClock,
    partners: frozenset[str],  # type: ignore[no-untyped-def]
) -> None:
    with pytest.raises(MeldingNietGevonden):
        await triageer(_cmd(uuid.uuid4()), uow_factory=uow_factory, clock=clock, partners=partners)
    mid = (await intake.verwerk(bericht())).melding_id
    assert mid is not None
    with pytest.raises(TriageOngeldig) as info:
        await triageer(
            _cmd(mid, uit_te_nodigen_partners=("nergens",)),
            uow_factory=uow_factory,
            clock=clock,
            partners=partners,
        )
    assert info.value.redenen[0].veld == "uit_te_nodigen_partners[0]"
    with pytest.raises(TriageOngeldig):
        await triageer(
            _cmd(mid, client_geinformeerd=False),
            uow_factory=uow_factory,
            clock=clock,
            partners=partners,
        )


# --- queries ------------------------------------------------------------------------------

PR = Subject(user="pr.jansen", org="zvh", roles=["procesregisseur"])


async def test_list_is_by_status_and_deadline(intake: MeldingIntake, uow_factory) -> None:  # type: ignore[no-untyped-def]
    laag = await intake.verwerk(bericht(melding_body(melder_referentie="A", urgentie="laag")))
    acuut = await intake.verwerk(bericht(melding_body(melder_referentie="B", urgentie="acuut")))
    pdp = FakePdp(allow=True)
    vraag: dict[str, Any] = {"subject": PR, "doel": "triage", "token": "tok", "pdp": pdp}
    lijst = await lijst_meldingen(uow_factory=uow_factory, status=MeldingStatus.TE_TRIEREN, **vraag)
    assert [m.id for m in lijst] == [acuut.melding_id, laag.melding_id]
    geen = await lijst_meldingen(uow_factory=uow_factory, status=MeldingStatus.GETRIEERD, **vraag)
    assert geen == []
    # one decision per list, not per row: action list of resource type melding-lijst
    assert [(r.action, r.resource.type, r.context.doel) for r, _ in pdp.requests] == [
        ("list", "melding-lijst", "triage")
    ] * 2
    for geweigerd in (FakePdp(allow=False, reasons=["alleen de regie"]), BrokenPdp()):
        with pytest.raises(InzageGeweigerd):
            await lijst_meldingen(
                uow_factory=uow_factory, status=None, **{**vraag, "pdp": geweigerd}
            )


async def test_read_asks_the_pdp_and_returns_content_on_allow(
    intake: MeldingIntake,
    uow_factory,  # type: ignore[no-untyped-def]
) -> None:
    mid = (await intake.verwerk(bericht())).melding_id
    assert mid is not None
    pdp = FakePdp(allow=True)
    gelezen = await lees_melding(
        mid, subject=PR, doel="triage", token="tok", uow_factory=uow_factory, pdp=pdp
    )
    assert gelezen.inhoud_van(ItemSoort.REDEN) == {
        "reden": "Zorgen over escalatie in het gezin.",
        "reden_niet_geinformeerd": None,
    }
    assert pdp.round_trips == 1
    (reden, persoon, leefgebieden) = [r for r, _ in pdp.requests]
    assert {token for _, token in pdp.requests} == {"tok"}
    for request, item in zip(pdp.asked(), gelezen.melding.items, strict=True):
        assert request.action == "read" and request.resource.type == "melding"
        assert request.resource.item == str(item.id)
        assert request.resource.eigenaar == "politie-zwb"
        assert request.resource.categorie == "politie"
        assert request.resource.gevoeligheid == "strafrechtelijk"
        assert request.resource.beperkt_tot is None and request.resource.ingetrokken is False
        assert request.context.doel == "triage" and request.context.client_geinformeerd is True
    assert reden.resource.betrokkene is None and leefgebieden.resource.betrokkene is None
    assert persoon.resource.betrokkene == gelezen.melding.pseudoniemen[0]


async def test_read_denied_or_pdp_down_gives_reasons(intake: MeldingIntake, uow_factory) -> None:  # type: ignore[no-untyped-def]
    mid = (await intake.verwerk(bericht())).melding_id
    assert mid is not None
    for pdp, reden in ((FakePdp(allow=False, reasons=["nee"]), "nee"), (BrokenPdp(), "PDP")):
        with pytest.raises(InzageGeweigerd) as info:
            await lees_melding(
                mid, subject=PR, doel="triage", token=None, uow_factory=uow_factory, pdp=pdp
            )
        assert reden in info.value.redenen[0]
    with pytest.raises(MeldingNietGevonden):
        await lees_melding(
            uuid.uuid4(),
            subject=PR,
            doel="triage",
            token=None,
            uow_factory=uow_factory,
            pdp=FakePdp(allow=True),
        )


async def test_triage_with_bestaande_casus_is_stored_and_published(
    intake: MeldingIntake,
    store: Store,
    uow_factory,
    clock: FakeClock,
    partners: frozenset[str],  # type: ignore[no-untyped-def]
) -> None:
    mid = (await intake.verwerk(bericht())).melding_id
    assert mid is not None
    casus_id = uuid.uuid4()
    with pytest.raises(TriageOngeldig) as info:
        await triageer(
            _cmd(mid, uitkomst=TriageUitkomst.ADVIES, ave_fase=None, bestaande_casus_id=casus_id),
            uow_factory=uow_factory,
            clock=clock,
            partners=partners,
        )
    assert [r.veld for r in info.value.redenen] == ["bestaande_casus_id"]
    assert store.outbox[-1].event.event_type != intake_events.MeldingGetrieerd.event_type
    m = await triageer(
        _cmd(mid, bestaande_casus_id=casus_id),
        uow_factory=uow_factory,
        clock=clock,
        partners=partners,
    )
    assert m.triage is not None and m.triage.bestaande_casus_id == casus_id
    assert store.meldingen[mid].triage.bestaande_casus_id == casus_id  # type: ignore[union-attr]
    event = store.outbox[-1].event
    assert isinstance(event, intake_events.MeldingGetrieerd)
    assert event.bestaande_casus_id == casus_id


async def test_missing_choices_are_refused_in_dutch(
    intake: MeldingIntake,
    uow_factory,
    clock: FakeClock,
    partners: frozenset[str],  # type: ignore[no-untyped-def]
) -> None:
    mid = (await intake.verwerk(bericht())).melding_id
    assert mid is not None
    with pytest.raises(TriageOngeldig) as info:
        await triageer(
            _cmd(mid, uitkomst=None, client_geinformeerd=None),
            uow_factory=uow_factory,
            clock=clock,
            partners=partners,
        )
    assert [r.veld for r in info.value.redenen] == ["uitkomst", "client_geinformeerd"]


# --- eerdere meldingen and labels -----------------------------------------------------------


def _persoon(voornaam: str, achternaam: str, rol: str = "client", **kw: str) -> dict[str, str]:
    return {"rol": rol, "voornaam": voornaam, "achternaam": achternaam, **kw}


async def _meld(intake: MeldingIntake, referentie: str, *betrokkenen: dict[str, str]) -> uuid.UUID:
    body = melding_body(melder_referentie=referentie, betrokkenen=list(betrokkenen))
    mid = (await intake.verwerk(bericht(body))).melding_id
    assert mid is not None
    return mid


async def test_eerdere_meldingen_share_a_betrokkene_newest_first(
    intake: MeldingIntake,
    uow_factory,
    clock: FakeClock,  # type: ignore[no-untyped-def]
) -> None:
    jan = _persoon("Jan", "de Vries", bsn=BSN)
    els = _persoon("Els", "Smit", rol="kind", geboortedatum="2015-05-05")
    oud = await _meld(intake, "A", jan)
    clock.advance(days=1)
    ander = await _meld(intake, "B", _persoon("Kees", "Anders"))
    clock.advance(days=1)
    via_kind = await _meld(intake, "C", _persoon("Piet", "Vader"), els)
    clock.advance(days=1)
    nu = await _meld(intake, "D", els, jan)

    async with uow_factory() as uow:
        melding = await uow.meldingen.get(nu)
        alleen = await uow.meldingen.get(ander)
    assert melding is not None and alleen is not None
    pdp = FakePdp(allow=True)
    lees = {"subject": PR, "doel": "triage", "token": None, "uow_factory": uow_factory}
    gelezen = await lees_melding(nu, pdp=pdp, **lees)
    eerdere = await eerdere_meldingen(gelezen, uow_factory=uow_factory)
    assert [m.id for m in eerdere] == [via_kind, oud]
    alleen_gelezen = await lees_melding(ander, pdp=pdp, **lees)
    assert await eerdere_meldingen(alleen_gelezen, uow_factory=uow_factory) == []

    # only persons the reader sees link to other meldingen: Els hidden, Jan shown
    els_item = melding.items[1]
    pdp.regel = lambda r: (
        Decision(allow=False, reasons=["nee"]) if r.resource.item == str(els_item.id) else None
    )
    gelezen = await lees_melding(nu, pdp=pdp, **lees)
    assert [m.id for m in await eerdere_meldingen(gelezen, uow_factory=uow_factory)] == [oud]


async def test_labels_ask_one_decision_and_skip_unknown_ids(
    intake: MeldingIntake,
    uow_factory,  # type: ignore[no-untyped-def]
) -> None:
    a = await _meld(
        intake, "A", _persoon("Piet", "Pleger", rol="pleger"), _persoon("Jan", "de Vries")
    )
    b = await _meld(intake, "B", _persoon("Anna", "van Dijk", rol="slachtoffer"))
    pdp = FakePdp(allow=True)
    labels = await lees_labels(
        [b, uuid.uuid4(), a, b],
        subject=PR,
        doel="casusoverleg",
        token="tok",
        uow_factory=uow_factory,
        pdp=pdp,
    )
    assert [
        (lb.label.melding_id, lb.label.melder_referentie, lb.label.initialen, lb.toelichting)
        for lb in labels
    ] == [(b, "B", "A.v.D.", None), (a, "A", "J.d.V.", None)]
    assert pdp.round_trips == 1 and len(pdp.requests) == 2  # one per known melding, one batch
    for request, token in pdp.requests:
        assert token == "tok" and request.action == "read"
        assert request.resource.type == "melding-label" and request.context.doel == "casusoverleg"
        assert request.subject == PR
    # the question names the client the label shows (Jan, the second betrokkene of A)
    async with uow_factory() as uow:
        melding_a = await uow.meldingen.get(a)
    assert pdp.requests[1][0].resource.item == str(melding_a.items[2].id)
    assert pdp.requests[1][0].resource.betrokkene == melding_a.items[2].betrokkene
    for geweigerd in (FakePdp(allow=False, reasons=["nee"]), BrokenPdp()):
        with pytest.raises(InzageGeweigerd):
            await lees_labels(
                [a], subject=PR, doel="casusoverleg", token=None, uow_factory=uow_factory,
                pdp=geweigerd,
            )  # fmt: skip
    with pytest.raises(ValueError):
        await lees_labels(
            [a] * (MAX_LABELS + 1), subject=PR, doel="casusoverleg", token=None,
            uow_factory=uow_factory, pdp=pdp,
        )  # fmt: skip
    assert len(pdp.requests) == 2


async def test_batch_commits_once_and_rolls_back_only_the_failing_message(
    intake: MeldingIntake, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from intake_fakes import FakeMeldingen

    echte_add = FakeMeldingen.add

    async def add(self: FakeMeldingen, melding) -> None:  # type: ignore[no-untyped-def]
        if melding.melder_referentie == "KAPOT-1":
            raise RuntimeError("fout in een adapter")
        await echte_add(self, melding)

    monkeypatch.setattr(FakeMeldingen, "add", add)
    goed_1 = bericht(melding_body(melder_referentie="GOED-1"))
    kapot = bericht(melding_body(melder_referentie="KAPOT-1"))
    goed_2 = bericht(melding_body(melder_referentie="GOED-2"))
    fouten: list[BaseException] = []
    async with intake.batch() as batch:
        resultaten = []
        for b in (goed_1, kapot, goed_2, goed_1):
            try:
                resultaten.append((await batch.verwerk(b)).verwerking)
            except RuntimeError as exc:
                fouten.append(exc)
    assert resultaten == [Verwerking.ONTVANGEN, Verwerking.ONTVANGEN, Verwerking.DUBBEL]
    assert len(fouten) == 1 and store.commits == 1
    assert sorted(m.melder_referentie for m in store.meldingen.values()) == ["GOED-1", "GOED-2"]
    assert len(store.inbox) == 2  # the failed one left no inbox record: a replay handles it
    assert len(store.outbox) == 4  # receipt + chain event for each good one, none for the bad one


async def test_melding_content_is_stored_as_informatie_items(
    intake: MeldingIntake, store: Store
) -> None:
    jan = _persoon("Jan", "de Vries", bsn=BSN)
    zelfde = _persoon("Jan", "de Vries", rol="gezinslid", bsn=BSN)  # the same person twice
    els = _persoon("Els", "Smit", rol="kind", geboortedatum="2015-05-05")
    body = melding_body(
        betrokkenen=[jan, zelfde, els],
        categorie="zorg",
        grondslag="toestemming",
        leefgebieden=["gezin"],
    )
    mid = (await intake.verwerk(bericht(body))).melding_id
    assert mid is not None
    melding = store.meldingen[mid]
    assert [(i.soort.value, i.positie) for i in melding.items] == [
        ("reden", 0),
        ("betrokkene", 0),
        ("betrokkene", 1),
        ("betrokkene", 2),
        ("leefgebieden", 0),
    ]
    assert {(i.eigenaar, i.categorie, i.gevoeligheid, i.grondslag) for i in melding.items} == {
        ("politie-zwb", "zorg", "bijzonder", "toestemming")
    }
    personen = [i.betrokkene for i in melding.items if i.soort is ItemSoort.BETROKKENE]
    assert personen[0] == personen[1] != personen[2]  # each betrokkene has its own pseudonym
    assert melding.pseudoniemen == (personen[0], personen[2])
    # the labels live on the items, not in the content
    assert {"categorie", "gevoeligheid", "grondslag"}.isdisjoint(melding.inhoud)


async def test_a_melder_that_says_nothing_gets_the_defaults(
    intake: MeldingIntake, store: Store
) -> None:
    mid = (await intake.verwerk(bericht())).melding_id
    assert mid is not None
    items = store.meldingen[mid].items
    assert {(i.categorie, i.gevoeligheid, i.grondslag) for i in items} == {
        ("politie", "strafrechtelijk", "convenant")
    }


# --- terugmelding to the melder ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("uitkomst", "extra", "verwacht"),
    [
        (TriageUitkomst.CASUS, {}, {}),
        (
            TriageUitkomst.ADVIES,
            {"advies": " Wijkagent en wijkteam gaan samen langs. ", "reden_terugverwijzing": "x"},
            {"advies": "Wijkagent en wijkteam gaan samen langs."},
        ),
        (
            TriageUitkomst.TERUGVERWEZEN,
            {"reden_terugverwijzing": "Eerst eigen zorgoverleg.", "advies": "x"},
            {"reden_terugverwijzing": "Eerst eigen zorgoverleg."},
        ),
    ],
    ids=["casus", "advies", "terugverwezen"],
)
async def test_triage_queues_the_terugmelding_to_the_melder_only(
    intake: MeldingIntake,
    store: Store,
    uow_factory,
    clock: FakeClock,
    partners: frozenset[str],  # type: ignore[no-untyped-def]
    uitkomst: TriageUitkomst,
    extra: dict[str, str],
    verwacht: dict[str, str],
) -> None:
    """Same transaction as the chain's event, on the melder's own from-zvh topic, with exactly
    the contract's fields: no AVE-fase, partners, user, reason for not informing, pseudonyms."""
    from zvh_contracts.partner.melding_v1 import MeldingGetrieerd as Terugmelding
    from zvh_contracts.triage import casus_id_van

    ontvangen = await intake.verwerk(bericht())
    mid = ontvangen.melding_id
    assert mid is not None
    voor = len(store.outbox)
    cmd = _cmd(
        mid,
        uitkomst=uitkomst,
        ave_fase=3 if uitkomst is TriageUitkomst.CASUS else None,
        client_geinformeerd=False,
        reden_niet_geinformeerd="Veiligheid van de melder",
        **extra,
    )
    await triageer(cmd, uow_factory=uow_factory, clock=clock, partners=partners)
    nieuw = store.outbox[voor:]
    assert [u.topic for u in nieuw] == [FROM_POLITIE, topics.INTAKE_MELDING]
    uit = nieuw[0]
    assert isinstance(uit.event, Terugmelding)
    melding = store.meldingen[mid]
    body = uit.event.model_dump(mode="json", exclude_none=True)
    assert body == {
        "melding_id": str(mid),
        "melder_referentie": melding.melder_referentie,
        "uitkomst": uitkomst.value,
        "getrieerd_op": body["getrieerd_op"],
        **({"casus_id": str(casus_id_van(mid))} if uitkomst is TriageUitkomst.CASUS else {}),
        **verwacht,
    }
    tekst = json.dumps(body)
    assert "Veiligheid" not in tekst and "pr.jansen" not in tekst and BSN not in tekst
    assert uit.event_id == derived_id("intake-terugmelding", mid)
    # the texts stay in intake too, for a later read; never on the chain's topic
    assert melding.triage is not None
    assert (melding.triage.advies, melding.triage.reden_terugverwijzing) == (
        verwacht.get("advies"),
        verwacht.get("reden_terugverwijzing"),
    )
    assert "Eerst eigen" not in json.dumps(nieuw[1].event.model_dump(mode="json"))


async def test_terugmelding_names_the_bestaande_casus(
    intake: MeldingIntake,
    store: Store,
    uow_factory,
    clock: FakeClock,
    partners: frozenset[str],  # type: ignore[no-untyped-def]
) -> None:
    from zvh_contracts.partner.melding_v1 import MeldingGetrieerd as Terugmelding

    mid = (await intake.verwerk(bericht())).melding_id
    assert mid is not None
    casus_id = uuid.uuid4()
    await triageer(
        _cmd(mid, bestaande_casus_id=casus_id),
        uow_factory=uow_factory,
        clock=clock,
        partners=partners,
    )
    [terug] = [u.event for u in store.outbox if isinstance(u.event, Terugmelding)]
    assert terug.casus_id == casus_id
