"""What overleg's casus events become for the partners (``zvh.overleg.casus.v1``).

Delivered: actie toegewezen and gewijzigd, casus geopend, deelnemer toegevoegd. Deliberately not
delivered to partners (yet): fase gewijzigd, casus afgesloten and heropend, deelnemer verwijderd,
actie teruggekoppeld — they change nothing a partner has to act on; the UI shows them.
"""

from __future__ import annotations

from collections.abc import Iterator

from zvh_contracts.base import Event
from zvh_contracts.overleg import casus_v1 as overleg
from zvh_contracts.partner import actie_v1 as partner_actie
from zvh_contracts.partner import casus_v1 as partner_casus

from zvh_notify.application.bericht import Bericht, tekstmail
from zvh_notify.domain import berichten

DELIVERED = (
    overleg.ActieToegewezen,
    overleg.ActieGewijzigd,
    overleg.CasusGeopend,
    overleg.DeelnemerToegevoegd,
)
NOT_DELIVERED = (
    overleg.ActieTeruggekoppeld,
    overleg.FaseGewijzigd,
    overleg.CasusAfgesloten,
    overleg.CasusHeropend,
    overleg.DeelnemerVerwijderd,
    overleg.TermijnGeregistreerd,
    overleg.ClientGeinformeerdGewijzigd,
)
INGETROKKEN = "ingetrokken"


def casus_berichten(event: Event) -> Iterator[Bericht]:
    """The messages one casus event yields; nothing for the types in ``NOT_DELIVERED``."""
    if isinstance(event, overleg.ActieToegewezen):
        yield _toegewezen(event)
    elif isinstance(event, overleg.ActieGewijzigd):
        yield from _gewijzigd(event)
    elif isinstance(event, overleg.CasusGeopend):
        yield from _geopend(event)
    elif isinstance(event, overleg.DeelnemerToegevoegd):
        yield _toegevoegd(event)


def _toegewezen(event: overleg.ActieToegewezen | overleg.ActieGewijzigd) -> Bericht:
    out = partner_actie.ActieToegewezen(
        actie_id=event.actie_id,
        casus_id=event.casus_id,
        wat=event.wat,
        wie=event.wie,
        wanneer=event.wanneer,
        veiligheidssignalen=list(event.veiligheidssignalen),
    )

    mail = tekstmail(
        lambda organisatie: berichten.actie_mail(
            organisatie=organisatie,
            casus_id=event.casus_id,
            wat=event.wat,
            wie=event.wie,
            wanneer=event.wanneer,
        )
    )
    return Bericht(ontvanger=event.wie, event=out, mail=mail)


def _gewijzigd(event: overleg.ActieGewijzigd) -> Iterator[Bericht]:
    """Reassigned: the old partner hears it is withdrawn, the new one gets a new actie."""
    herverdeeld = event.vorige_wie is not None and event.vorige_wie != event.wie
    if herverdeeld:
        assert event.vorige_wie is not None
        yield _actie_gewijzigd(event, ontvanger=event.vorige_wie, ingetrokken=True)
        yield _toegewezen(event)
    else:
        yield _actie_gewijzigd(event, ontvanger=event.wie, ingetrokken=event.ingetrokken)


def _actie_gewijzigd(
    event: overleg.ActieGewijzigd, *, ontvanger: str, ingetrokken: bool
) -> Bericht:
    out = partner_actie.ActieGewijzigd(
        actie_id=event.actie_id,
        casus_id=event.casus_id,
        wat=event.wat,
        wie=event.wie,
        wanneer=event.wanneer,
        ingetrokken=ingetrokken,
        wachtlijst=event.wachtlijst,
        veiligheidssignalen=list(event.veiligheidssignalen),
    )

    mail = tekstmail(
        lambda organisatie: berichten.actie_gewijzigd_mail(
            organisatie=organisatie,
            casus_id=event.casus_id,
            wat=event.wat,
            wie=event.wie,
            wanneer=event.wanneer,
            ingetrokken=ingetrokken,
            wachtlijst=event.wachtlijst,
        )
    )
    variant = INGETROKKEN if ontvanger != event.wie else None
    return Bericht(ontvanger=ontvanger, event=out, mail=mail, variant=variant)


def _geopend(event: overleg.CasusGeopend) -> Iterator[Bericht]:
    deelnemers = list(dict.fromkeys(event.deelnemers))
    uitnodiging = partner_casus.CasusGeopend(
        casus_id=event.casus_id,
        deelnemers=deelnemers,
        ave_fase=event.ave_fase,
        geopend_op=event.geopend_op,
    )

    mail = tekstmail(
        lambda organisatie: berichten.uitnodiging_mail(
            organisatie=organisatie,
            casus_id=event.casus_id,
            deelnemers=deelnemers,
            ave_fase=event.ave_fase,
            geopend_op=event.geopend_op,
        )
    )
    for code in deelnemers:
        yield Bericht(ontvanger=code, event=uitnodiging, mail=mail)


def _toegevoegd(event: overleg.DeelnemerToegevoegd) -> Bericht:
    """Like a new casus for the partner that joins: ``geopend_op`` is when it was added."""
    deelnemers = list(dict.fromkeys(event.deelnemers))
    uitnodiging = partner_casus.CasusGeopend(
        casus_id=event.casus_id,
        deelnemers=deelnemers,
        ave_fase=event.ave_fase,
        geopend_op=event.toegevoegd_op,
    )

    mail = tekstmail(
        lambda organisatie: berichten.deelname_mail(
            organisatie=organisatie,
            casus_id=event.casus_id,
            deelnemers=deelnemers,
            ave_fase=event.ave_fase,
            toegevoegd_op=event.toegevoegd_op,
        )
    )
    return Bericht(ontvanger=event.partner, event=uitnodiging, mail=mail)
