import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import {
  fiscalYear as toFiscalYear,
  formatFiscalYearLabel,
  HUB_SURVEY_ITEMS,
  hubSurveyStreamId,
  recommendationRoundStreamId,
  tallyHubSurvey,
  type Municipality,
} from '#domain';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '#platform';
import { designationRoundAsOf, hubSurveyAsOf, type AsOf, type ReplayedUpTo } from '#workflow';
import { AuditAccessLog, type RequestContext } from '../audit-log/audit-access-log.ts';
import { MUNICIPALITIES } from '../designations/municipalities.provider.ts';
import { ApiException } from '../errors/api-exception.ts';
import { asOfOfReportQuery, type ReportAsOfQuery } from './report-as-of.ts';

/** A stream replayed for the report: its id, the events of it counted (revision + 1) and the last one. */
export interface StreamSource {
  readonly kind: 'stream';
  readonly streamId: string;
  readonly eventsCounted: number;
  readonly upTo: ReplayedUpTo;
}

export interface DesignationStatusMunicipality {
  readonly municipalityCode: string;
  readonly name: string;
  /** 指定済 or 調整中 (no designated institution yet). */
  readonly status: '指定済' | '調整中';
  readonly designatedInstitutions: number;
}

export interface DesignationStatusReport {
  readonly title: string;
  readonly fiscalYear: number;
  readonly fiscalYearLabel: string;
  readonly asOf: { readonly at?: string; readonly position?: string } | null;
  /** The seed's line: 41自治体、171医療機関; 調整中の21自治体 listed by name. */
  readonly status: {
    readonly municipalitiesWithDesignations: number;
    readonly designatedInstitutions: number;
    readonly municipalitiesInAdjustment: number;
    readonly municipalitiesInAdjustmentList: readonly {
      readonly municipalityCode: string;
      readonly name: string;
    }[];
    readonly source: StreamSource;
  };
  /** Every notified municipality with its count of designated institutions. */
  readonly municipalities: readonly DesignationStatusMunicipality[];
  /** 回答状況 50/62 and, per item, 実施済 / 今後実施; null while no survey was issued. */
  readonly hubSurvey: {
    readonly answered: number;
    readonly surveyed: number;
    readonly items: readonly {
      readonly item: number;
      readonly label: string;
      readonly done: number;
      readonly planned: number;
    }[];
    readonly source: StreamSource;
  } | null;
  /** The published versions of the list, each with its links (public). */
  readonly publications: readonly {
    readonly version: number;
    readonly publishedOn: string;
    readonly links: { readonly json: string; readonly csv: string; readonly html: string };
  }[];
}

const NOW: AsOf = { position: 2n ** 63n - 1n };

/**
 * 指定状況 of a round with the hub survey tally and the published versions, replayed from the round's
 * and the survey's streams (up to `?at=`/`?position=` when given). A round never opened (then) is a 404.
 */
@Injectable()
export class DesignationStatusService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MUNICIPALITIES) private readonly municipalities: readonly Municipality[],
    private readonly accessLog: AuditAccessLog,
  ) {}

  async report(
    context: RequestContext,
    fiscalYear: number,
    query: ReportAsOfQuery,
  ): Promise<DesignationStatusReport> {
    const { asOf, point } = asOfOfReportQuery(query);
    const round = await designationRoundAsOf(this.store, fiscalYear, asOf ?? NOW);
    const survey = await hubSurveyAsOf(this.store, fiscalYear, asOf ?? NOW);
    if (asOf !== undefined) {
      await this.accessLog.record(context, 'AsOfQueried', {
        scope: 'asOf',
        resource: 'designationRound',
        id: String(fiscalYear),
        ...point,
        found: round.kind === 'found',
        ...(round.kind === 'found' ? { upToPosition: round.upTo.position } : {}),
      });
    }
    if (round.kind !== 'found') {
      const when = point?.at
        ? ` as of ${point.at}`
        : point?.position
          ? ` as of position ${point.position}`
          : '';
      throw new ApiException(
        HttpStatus.NOT_FOUND,
        'NOT_FOUND',
        `no designation round for FY${fiscalYear}${when}`,
      );
    }
    const names = new Map(this.municipalities.map((m) => [m.code, m.name]));
    const nameOf = (code: string) => names.get(code) ?? code;
    const { status, designatedInstitutions, publications } = round.state;
    const inAdjustment = new Set(status.municipalityCodesInAdjustment);
    const perMunicipality = new Map<string, number>();
    for (const d of designatedInstitutions) {
      perMunicipality.set(d.municipalityCode, (perMunicipality.get(d.municipalityCode) ?? 0) + 1);
    }
    const notified = [...new Set([...perMunicipality.keys(), ...inAdjustment])].sort();
    const tally = survey.kind === 'found' && survey.state.issued ? tallyHubSurvey(survey.state) : undefined;
    return {
      title: '在宅療養において積極的役割を担う医療機関 指定状況',
      fiscalYear,
      fiscalYearLabel: formatFiscalYearLabel(toFiscalYear(fiscalYear)),
      asOf: point,
      status: {
        municipalitiesWithDesignations: status.municipalitiesWithDesignations,
        designatedInstitutions: status.designatedInstitutions,
        municipalitiesInAdjustment: status.municipalitiesInAdjustment,
        municipalitiesInAdjustmentList: status.municipalityCodesInAdjustment.map((code) => ({
          municipalityCode: code,
          name: nameOf(code),
        })),
        source: streamSource(recommendationRoundStreamId(fiscalYear), round.upTo),
      },
      municipalities: notified.map((code) => ({
        municipalityCode: code,
        name: nameOf(code),
        status: inAdjustment.has(code) ? '調整中' : '指定済',
        designatedInstitutions: perMunicipality.get(code) ?? 0,
      })),
      hubSurvey:
        tally && survey.kind === 'found'
          ? {
              answered: tally.answered,
              surveyed: tally.surveyed,
              items: tally.items.map(({ item, done, planned }) => ({
                item,
                label: HUB_SURVEY_ITEMS.find((i) => i.item === item)?.label.ja ?? String(item),
                done,
                planned,
              })),
              source: streamSource(hubSurveyStreamId(fiscalYear), survey.upTo),
            }
          : null,
      publications: publications.map(({ version, publishedOn }) => {
        const base = `/designation-rounds/${fiscalYear}/publications/${version}`;
        return {
          version,
          publishedOn,
          links: { json: `${base}.json`, csv: `${base}.csv`, html: `${base}.html` },
        };
      }),
    };
  }
}

function streamSource(streamId: string, upTo: ReplayedUpTo): StreamSource {
  return { kind: 'stream', streamId, eventsCounted: upTo.revision + 1, upTo };
}
