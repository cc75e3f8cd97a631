/**
 * Professional: clear, measured and respectful. Full sentences, no
 * contractions, no exclamation marks, no emoji; "we" speaks for the company.
 */
import type { ToneCopy } from './types';
import { capitalize, countOf, featureList, loginsOf, preferring, renewsWhen, rotate, teamOf } from './helpers';

export const professional: ToneCopy = {
  shared: {
    headline: (f) => [`${f.firstName}, a short update for you`, `A message for ${f.firstName}`],
    anonymousHeadline: ['A short update for you', 'A message for you'],
    onePlace: () => ({
      title: ['One place for your work', 'A single source of truth'],
      text: [
        "Your team's work, data and decisions live in one place, so everyone stays aligned.",
        'Everything your team needs is in one place, so nobody searches for the latest version.',
      ],
    }),
    timeBack: (f) => ({
      title: ['Focus on what matters', 'Fewer routine tasks'],
      text: [
        `Less time on routine work means more time for the decisions that move ${f.company ?? 'your business'} forward.`,
        'Routine work takes less time, leaving more room for the decisions that matter.',
      ],
    }),
    team: (f) => ({
      title: ['Built for teamwork', f.seats && f.seats > 1 && `${countOf(f.seats, 'seat')}, one shared view`],
      text: [
        'Colleagues work from the same information, with the right access for each person.',
        f.seats && f.seats > 1 && `Up to ${f.seats.toLocaleString('en-US')} colleagues can work from the same, current information.`,
      ],
    }),
    tierIncluded: (f, tier) => ({
      title: [`Your ${tier} features`, `Everything in ${tier}`],
      text: [`Every feature in your ${f.plan} is enabled and ready for ${f.company ?? 'you'}.`],
    }),
    support: (f) => ({
      title: ['Support when you need it', 'Expert help on hand'],
      text: [
        `Our team is available to help ${f.company ?? 'you'} with setup, questions and best practices.`,
        'Our specialists are available whenever you have a question.',
      ],
    }),
    thankYou: (f) => ({
      title: ['Thank you', 'Thank you for your trust'],
      text: [
        f.company ? `Thank you for choosing us. We value our partnership with ${f.company}.` : 'Thank you for choosing us. We value your trust.',
        'We appreciate your trust and look forward to continuing our work together.',
      ],
    }),
    upgrade: (f) => ({
      title: ['Room to grow', 'Ready when you grow'],
      text: [
        `As ${f.company ?? 'your team'} grows, your plan can grow with it.`,
        'When your needs change, we can adjust your plan to match.',
      ],
    }),
    usage: (f, u, stage) => {
      const logins = u.logins && `${capitalize(loginsOf(u.logins))} ${f.period.phrase}`;
      return {
        title: stage === 'new' ? ['A strong start', 'Off to a strong start'] : ['Part of the routine', 'Your plan at work'],
        text: [
          logins && u.features && `${logins}, with ${u.features.list} ${stage === 'new' ? 'already in use' : 'in regular use'}.`,
          logins && !u.features && `${logins}: ${stage === 'new' ? 'a solid foundation to build on' : 'a steady, regular rhythm'}.`,
          !logins && u.features && `You ${stage === 'new' ? 'already use' : 'rely on'} ${u.features.list}, a solid foundation to build on.`,
        ],
      };
    },
    inviteTeam: (f) => ({
      title: ['Invite your colleagues', 'Bring in your team'],
      text: [
        `Give the rest of ${teamOf(f)} access so everyone works from the same information.`,
        f.seats && f.seats > 1 && `Your plan includes ${countOf(f.seats, 'seat')}; invite the colleagues who need access.`,
      ],
    }),
    firstWorkflow: () => ({
      title: ['Set up your first workflow', 'Start with one workflow'],
      text: [
        'Choose one process your team repeats every week and set it up first. It is the quickest route to value.',
        'Begin with one weekly process; it is the quickest route to value.',
      ],
    }),
    reachOut: (f) => ({
      title: ['Schedule a walkthrough', 'Talk to our team'],
      text: [
        `Book a short session with us and we will tailor the setup to ${teamOf(f)}.`,
        'Book a short session and we will tailor the setup to your needs.',
      ],
    }),
  },

  point: {
    scene: (f, p, role, i) => {
      const title = [...p.titles, 'On your agenda'];
      if (p.sentence) {
        const s = p.sentence.replace(/!$/, '.');
        return {
          title,
          titleInOrder: true,
          textInOrder: true,
          text: preferring(
            i,
            [role.kind === 'usage' && `${role.fact}. ${s}`],
            [`${s} We would be glad to support ${teamOf(f)} with it.`],
            [`${s} We are here to support you.`],
            [s],
          ),
        };
      }
      const a = p.action;
      const n = p.phrase;
      const text =
        role.kind === 'usage'
          ? preferring(
              i,
              [a ? `${role.fact}; a good moment to ${a}.` : `${role.fact}, a solid basis for ${n}.`],
              a ? [`A good moment to ${a}.`] : [`We are ready to support you with ${n}.`],
            )
          : a
            ? preferring(
                i,
                [`When it suits ${teamOf(f)}, we recommend that you ${a}.`],
                [`When it suits you, we recommend that you ${a}.`],
                [`We recommend that you ${a}.`],
              )
            : role.kind === 'step'
              ? preferring(
                  i,
                  [f.company && `We would welcome the chance to discuss ${n} with the ${f.company} team.`],
                  [`We would welcome the chance to discuss ${n} with you.`, `As a next step, we can plan ${n} together.`],
                  [`Let us discuss ${n}.`],
                )
              : preferring(
                  i,
                  [`We are ready to support ${teamOf(f)} with ${n} whenever it suits you.`, f.tier && `With your ${f.plan} in place, we are ready to support you with ${n}.`],
                  [`We are ready to support you with ${n} whenever it suits you.`],
                  [`We support you with ${n}.`],
                );
      return { title, titleInOrder: true, textInOrder: true, text };
    },
    greeting: (f, p) => {
      const active = f.tier ? `Your ${f.plan} is active` : 'Your account is active';
      if (p.sentence) return [`Thank you for choosing ${f.productName ?? 'us'}. ${p.sentence.replace(/!$/, '.')}`, p.sentence.replace(/!$/, '.')];
      if (p.action) return [`${active}, and we recommend that you ${p.action}.`, `Welcome. We recommend that you ${p.action}.`];
      return [
        f.company && `We are pleased to welcome the ${f.company} team and to support you with ${p.phrase}.`,
        `${active}, and we are ready to support you with ${p.phrase}.`,
        `Welcome. We are ready to support you with ${p.phrase}.`,
      ];
    },
    hook: (f, p) => {
      if (p.sentence) return [`${p.sentence.replace(/!$/, '.')} Here is what it means for ${teamOf(f)}.`, p.sentence.replace(/!$/, '.')];
      if (p.action) return [`Are you ready to ${p.action}? Here is how it works.`, `Ready to ${p.action}?`];
      return [
        f.company && `Is ${p.phrase} on the agenda for ${teamOf(f)}? Here is how we can support it.`,
        `Is ${p.phrase} on your agenda? Here is how we can support it.`,
        `Is ${p.phrase} on your agenda?`,
      ];
    },
    reminder: (f, p) => {
      const renews = f.renewal ? `Your ${f.plan} renews automatically on ${f.renewal.long}` : `Your ${f.plan} renews automatically soon`;
      if (p.sentence) return [`${renews}; no action is needed. ${p.sentence.replace(/!$/, '.')}`, `${renews}. ${p.sentence.replace(/!$/, '.')}`];
      if (p.action) return [`${renews}, so no action is needed; we recommend that you ${p.action}.`, `${renews}. We recommend that you ${p.action}.`];
      return [
        `${renews}; no action is needed, and we are ready to support you with ${p.phrase}.`,
        `Your ${f.plan} renews ${renewsWhen(f)}, and we are ready to support you with ${p.phrase}.`,
        `Your ${f.plan} renews ${renewsWhen(f)}; we support you with ${p.phrase}.`,
      ];
    },
  },

  welcome: {
    headline: (f) => [
      `Welcome, ${f.firstName}`,
      f.productName && `${f.firstName}, welcome to ${f.productName}`,
      `${f.firstName}, welcome on board`,
      f.company && `Welcome, ${f.firstName}, and the ${f.company} team`,
    ],
    greeting: (f) => {
      const active = f.tier ? `Your ${f.plan} is active and ready to use.` : 'Your account is active and ready to use.';
      return [
        `Thank you for choosing ${f.productName ?? 'us'}. ${active}`,
        f.company
          ? `We are pleased to welcome you and the ${f.company} team. ${active}`
          : `We are pleased to welcome you. ${active}`,
      ];
    },
    cta: ['Get started'],
    readyNow: (f) => ({
      title: ['Ready from day one', 'No lengthy setup'],
      text: [
        `Your ${f.tier ? f.plan : 'account'} is already configured, so you can begin without a lengthy setup.`,
        'Everything is configured in advance, so you can begin right away.',
      ],
    }),
    feature: (f, name, index, used) => ({
      title: [capitalize(name)],
      text: [
        used
          ? rotate(['You have already explored it, and there is more to discover.', 'Already part of your work, with more depth worth exploring.'], index)
          : rotate(
              [`Included in your ${f.plan} and available from day one.`, `Set up and ready for ${teamOf(f)}.`, 'A sensible place to begin.', 'Ready whenever you need it.'],
              index,
            ),
      ],
    }),
    exploreTier: (f, tier) => ({
      title: [`Explore your ${tier} features`, 'Review your plan'],
      text: [`Take a few minutes to review what your ${f.plan} includes and decide where to start.`],
    }),
  },

  productDemo: {
    headline: (f) =>
      f.productName
        ? [
            `${f.firstName}, a short tour of ${f.productName}`,
            `${f.firstName}, see ${f.productName} in action`,
            f.useCase && `${f.firstName}, a better way to handle ${f.useCase}`,
          ]
        : [`${f.firstName}, a short tour for you`, `${f.firstName}, see how it works`],
    hook: (f) =>
      f.useCase
        ? [
            `Is ${f.useCase} taking more of your team's time than it should?`,
            f.company && `How much time does ${f.useCase} cost ${f.company} each week?`,
          ]
        : [
            "How much of your team's week goes into work that could run on its own?",
            `How many tools does ${teamOf(f)} switch between to finish one task?`,
          ],
    cta: ['Try it yourself'],
    knownFeature: (f, feature) => {
      const copy = {
        Dashboards: 'Every metric your team follows, live on a single screen.',
        Reports: 'Build a report once and it refreshes itself on your schedule.',
        Alerts: 'Be notified the moment a key metric changes, not a week later.',
        Workspaces: `Give each team${f.company ? ` at ${f.company}` : ''} its own space, with the right access for everyone.`,
        Integrations: 'Connect the tools you already use in a few clicks.',
      } satisfies Record<typeof feature, string>;
      return { title: [feature], text: [copy[feature]] };
    },
    feature: (f, name, index) => ({
      title: [name],
      text: [
        rotate(
          [
            f.useCase ? `Built to make ${f.useCase} faster and more reliable.` : 'Takes routine work off your plate, so you can focus on what matters.',
            `Keeps ${teamOf(f)} aligned on the same, current information.`,
            'Routine steps run on their own, so decisions come sooner.',
            'A clear view of where things stand, whenever you need it.',
            `Fits into the way ${teamOf(f)} already works.`,
            'Saves time on the tasks you repeat every week.',
          ],
          index,
        ),
      ],
    }),
    outcomeTime: () => ({
      title: ['Time back', 'More time for decisions'],
      text: ['Less time on manual work means more time for the decisions that matter.'],
    }),
    outcomeAligned: () => ({
      title: ['One source of truth'],
      text: ['Everyone works from the same information, so meetings start with decisions.'],
    }),
    outcomeUseCase: (f, useCase) => ({
      title: ['A simpler routine', `${capitalize(useCase)}, simplified`],
      text: [`${capitalize(useCase)} becomes a quick, repeatable routine for ${teamOf(f)}.`],
    }),
    outcomeStart: () => ({
      title: ['Value from day one', 'Up and running'],
      text: ['Start with a single workflow and build from there at your own pace.'],
    }),
  },

  usageRecap: {
    headline: (f) => [`Your ${f.period.noun} in review, ${f.firstName}`, `${f.firstName}, your ${f.period.noun} at a glance`],
    logins: (f) => {
      const n = f.logins;
      const p = f.period.phrase;
      if (n === undefined) return { title: ['Your activity'], text: [`A look at how you used your account ${p}.`] };
      if (n === 0) return { title: ['Sign-ins'], text: [`No logins ${p} yet. Your account is ready whenever you are.`] };
      const l = loginsOf(n);
      const text =
        n === 1
          ? [`${l} ${p}. Your account is set up and ready for more.`]
          : n < 5
            ? [`${l} ${p}, a solid start to build on.`]
            : n < 20
              ? [`${l} ${p}, a steady rhythm of regular use.`, `${l} ${p}, a clear sign of regular use.`]
              : [`${l} ${p}, a sign of an established routine.`];
      return { title: ['Sign-in activity', 'Sign-ins'], text };
    },
    features: (f) => {
      const used = f.featuresUsed;
      const p = f.period.phrase;
      if (used.length === 0) return { title: ['Features to explore'], text: ['Your features are ready whenever you need them.'] };
      if (used.length === 1) return { title: ['Features used'], text: [`You worked mainly in ${used[0]} ${p}.`] };
      return {
        title: ['Features used', `${used.length} features in use`],
        text: [`You made use of ${featureList(used)} ${p}.`, `${used.length} features in active use: ${featureList(used)}.`],
      };
    },
    cta: ['See your dashboard'],
    habit: (f, perWeek) => ({
      title: ['Week after week', 'A reliable routine'],
      text: [
        perWeek
          ? `About ${countOf(perWeek, 'sign-in')} a week, a consistent habit${f.company ? ` that sets the pace at ${f.company}` : ' worth keeping'}.`
          : `Regular sign-ins make this a consistent habit${f.company ? ` that sets the pace at ${f.company}` : ' worth keeping'}.`,
      ],
    }),
    breadth: (_f, count) => ({
      title: ['Breadth of use', 'Wide adoption'],
      text: [`Combining ${count} features gives you a more complete picture than any one alone.`],
    }),
    tierAtWork: (f) => ({
      title: [`Your ${f.plan} at work`, 'Your plan at work'],
      text: [`Your ${f.plan} has become part of the working week${f.company ? ` at ${f.company}` : ''}.`],
    }),
    freshStart: () => ({
      title: ['A fresh start'],
      text: ['Every routine starts with a first session. Your next recap will show the progress.'],
    }),
    focused: (f, feature) => ({
      title: [`Focused on ${feature}`, 'A clear focus'],
      text: [`You concentrated on ${feature} ${f.period.phrase}, which shows where it helps most.`],
    }),
    tryNew: (f) => ({
      title: ['Try a new feature', 'Broaden your toolkit'],
      text: [
        f.featuresUsed.length > 0
          ? 'Pick one feature you have not used yet and explore it in the coming weeks. Small steps add up.'
          : 'Choose one feature to explore in the coming weeks. Small steps add up.',
      ],
    }),
    weeklyHabit: () => ({
      title: ['Make it a weekly habit', 'Schedule a weekly check-in'],
      text: ['Set aside ten minutes each week for a quick review. Regular use is where the value builds.'],
    }),
    goDeeper: (_f, feature) => ({
      title: ['Go one level deeper', 'Beyond the basics'],
      text: [`There is more to ${feature} than the basics; a look at the settings pays off.`],
    }),
  },

  renewal: {
    headline: (f) => [
      f.renewal ? `${f.firstName}, your ${f.plan} renews on ${f.renewal.short}` : `${f.firstName}, your ${f.plan} renews soon`,
      f.renewal ? `${f.firstName}, your plan renews on ${f.renewal.short}` : `${f.firstName}, your plan renews soon`,
      `${f.firstName}, a note about your renewal`,
    ],
    reminder: (f) => {
      const noAction = 'No action is needed if everything is in order.';
      return f.renewal
        ? [
            `Your ${f.plan} renews automatically on ${f.renewal.long}. ${noAction}`,
            f.company && `The ${f.plan} for ${f.company} renews automatically on ${f.renewal.long}. ${noAction}`,
          ]
        : [`Your ${f.plan} is coming up for automatic renewal. ${noAction}`];
    },
    cta: ['Review your plan'],
    seats: (f, seats) => ({
      title: [`${countOf(seats, 'seat')}, one shared view`, `${countOf(seats, 'seat')} in use`],
      text: [`Your ${countOf(seats, 'seat')} keep ${teamOf(f)} working from the same, current information.`],
    }),
    tierValue: (f, tier) => ({
      title: [`Everything in ${tier}`, 'Your full plan'],
      text: [`Every capability of your plan stays available to ${teamOf(f)}.`],
    }),
    continuity: () => ({
      title: ['Seamless continuity', 'Nothing to set up again'],
      text: ['Your settings, data and workflows carry over exactly as they are.'],
    }),
    growth: (f) => ({
      title: ['Room to grow'],
      text: [`If ${teamOf(f)} has grown, we can adjust your plan before it renews.`],
    }),
    review: (f) => ({
      title: ['Plan review', 'A quick review'],
      text: [`We would be glad to walk through your plan with you before ${f.renewal ? f.renewal.short : 'it renews'}.`],
    }),
    addSeats: (f) => ({
      title: ['Add seats', 'More seats'],
      text: [`Add colleagues before ${f.renewal ? f.renewal.short : 'your renewal'} so everyone is covered from day one.`],
    }),
  },
};
