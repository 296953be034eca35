import { Inject, Injectable } from '@nestjs/common';
import {
  calendarDate,
  currentDesignations,
  designationStatus,
  HUB_SURVEY_ITEMS,
  tallyHubSurvey,
  type Actor,
  type CalendarDate,
  type DesignationPublication,
  type HubSurveyCommand,
  type Municipality,
  type RecommendationRoundCommand,
} from '#domain';
import type { EventStore, RecordedEvent } from '#event-store';
import { CLOCK, EVENT_STORE, type Clock } from '#platform';
import { CommandGateway, loadHubSurvey, loadRound, type CommandResult } from '#workflow';
import { ResourceNotFoundException } from '../auth/access-scope.ts';
import type { CalendarDto } from './designation.dto.ts';
import type { DesignationRoundDto, HubSurveyTallyDto } from './designation-responses.dto.ts';
import { MUNICIPALITIES } from './municipalities.provider.ts';

type RoundCommandOf<T extends RecommendationRoundCommand['type']> = Extract<
  RecommendationRoundCommand,
  { type: T }
>;

/** What a command answers: the events it recorded and where, so a client can wait for the read side. */
export interface CommandResponse {
  readonly events: readonly string[];
  readonly position: string;
}

/** The designation cycle over HTTP: commands go through the same deciders the jobs use. */
@Injectable()
export class DesignationService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly gateway: CommandGateway,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MUNICIPALITIES) private readonly municipalities: readonly Municipality[],
  ) {}

  async round<T extends RecommendationRoundCommand['type']>(
    fiscalYear: number,
    type: T,
    data: RoundCommandOf<T>['data'],
    actor: Actor,
    requestId: string,
    reason?: string,
  ): Promise<CommandResponse> {
    // Request DTOs are class instances; events hold plain JSON only (the store refuses anything else).
    const command = {
      type,
      data: JSON.parse(JSON.stringify(data)) as typeof data,
      actor,
      at: this.clock.now(),
      ...(reason ? { reason } : {}),
    } as RecommendationRoundCommand;
    return response(
      await this.gateway.send('recommendationRound', fiscalYear, command, {
        metadata: { correlationId: requestId, requestId },
      }),
    );
  }

  async openRound(fiscalYear: number, calendar: CalendarDto | undefined, actor: Actor, requestId: string) {
    const parsed = Object.fromEntries(
      Object.entries(calendar ?? {})
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, toCalendarDate(v as string)]),
    ) as Record<string, CalendarDate>;
    return this.round(
      fiscalYear,
      'OpenRecommendationRound',
      { fiscalYear, municipalityCodes: this.municipalities.map((m) => m.code), calendar: parsed },
      actor,
      requestId,
    );
  }

  async hubSurvey(fiscalYear: number, command: Omit<HubSurveyCommand, 'at'>, requestId: string) {
    const full = {
      ...command,
      data: JSON.parse(JSON.stringify(command.data)) as typeof command.data,
      at: this.clock.now(),
    } as HubSurveyCommand;
    return response(
      await this.gateway.send('hubSurvey', fiscalYear, full, {
        metadata: { correlationId: requestId, requestId },
      }),
    );
  }

  issueHubSurvey(fiscalYear: number, dueDate: string, actor: Actor, requestId: string) {
    const municipalityCodes = this.municipalities.map((m) => m.code);
    return this.hubSurvey(
      fiscalYear,
      { type: 'IssueHubSurvey', data: { fiscalYear, municipalityCodes, dueDate }, actor },
      requestId,
    );
  }

  /** The round as a caseworker sees it; a municipality officer sees only its own recommendations. */
  async view(fiscalYear: number, actor: Actor): Promise<DesignationRoundDto> {
    const state = await loadRound(this.store, fiscalYear);
    if (!state.opened) throw new ResourceNotFoundException(`recommendation round for FY${fiscalYear}`);
    const recommendations = [...state.recommendations.values()].filter(
      (r) => actor.role !== 'municipality' || r.municipalityCode === actor.municipalityCode,
    );
    const names = new Map(this.municipalities.map((m) => [m.code, m.name]));
    const status = designationStatus(state.municipalityCodes, currentDesignations(state));
    return {
      fiscalYear,
      calendar: state.calendar!,
      windowClosed: state.windowClosed,
      recommendations: recommendations.map((r) => ({ ...r, warnings: [...r.warnings] })),
      publications: state.publications.map(({ version, publishedOn }) => ({ version, publishedOn })),
      status: { ...status, municipalityCodesInAdjustment: [...status.municipalityCodesInAdjustment] },
      followUpSurveys: [...state.followUpSurveys].map(([surveyId, survey]) => ({
        surveyId,
        surveyed: survey.institutionIds.length,
        answered: survey.answered.size,
      })),
      municipalities: state.municipalityCodes.map((code) => ({
        municipalityCode: code,
        name: names.get(code) ?? code,
      })),
    };
  }

  /** The hubs published with the list by default: the municipalities positioned as hubs (surveyed). */
  async defaultHubs(fiscalYear: number): Promise<string[]> {
    return [...(await loadHubSurvey(this.store, fiscalYear)).municipalityCodes];
  }

  /** An institution answers for itself only; others' ids look like unknown ones (404). */
  assertOwnInstitution(actor: Actor, institutionId: string): void {
    if (actor.role === 'institution' && actor.institutionId !== institutionId) {
      throw new ResourceNotFoundException('institution');
    }
  }

  /** The tally, each required item with its label (①–⑤ as the survey asks them). */
  async hubSurveyTally(fiscalYear: number): Promise<HubSurveyTallyDto> {
    const survey = await loadHubSurvey(this.store, fiscalYear);
    if (!survey.issued) throw new ResourceNotFoundException(`hub survey for FY${fiscalYear}`);
    const tally = tallyHubSurvey(survey);
    const labels = new Map(HUB_SURVEY_ITEMS.map(({ item, label }) => [item as number, label]));
    return {
      ...tally,
      items: tally.items.map((row) => ({ ...row, label: { ...labels.get(row.item)! } })),
    };
  }

  /** A published version, exactly as its event recorded it (a later change is a new version). */
  async publication(fiscalYear: number, version: number): Promise<DesignationPublication> {
    const events = await this.store
      .readStream(`designationRound-${fiscalYear}`)
      .catch(() => [] as RecordedEvent[]);
    const published = events.find(
      (e) => e.type === 'DesignationListPublished' && (e.data as { version: number }).version === version,
    );
    if (!published) throw new ResourceNotFoundException(`publication ${version} of FY${fiscalYear}`);
    const data = published.data as {
      version: number;
      publishedOn: string;
      institutions: DesignationPublication['institutions'];
      coordinationHubs: string[];
    };
    const names = Object.fromEntries(this.municipalities.map((m) => [m.code, m.name]));
    return {
      fiscalYear,
      version: data.version,
      publishedOn: data.publishedOn,
      institutions: data.institutions,
      coordinationHubs: data.coordinationHubs.map((code) => ({
        municipalityCode: code,
        name: names[code] ?? code,
      })),
      municipalityNames: names,
    };
  }
}

function response(outcome: CommandResult<unknown>): CommandResponse {
  return { events: outcome.events.map((e) => e.type), position: outcome.position };
}

function toCalendarDate(iso: string): CalendarDate {
  const [year, month, day] = iso.split('-').map(Number);
  return calendarDate(year!, month!, day!);
}
