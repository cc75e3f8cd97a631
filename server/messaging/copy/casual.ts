/**
 * Casual: short, relaxed and conversational, like a quick message from a
 * colleague. "Hey", fragments, question-and-answer beats, no hype.
 */
import type { ToneCopy } from './types';
import { capitalize, countOf, featureList, loginsOf, preferring, rotate, teamOf } from './helpers';

export const casual: ToneCopy = {
  shared: {
    headline: (f) => [`Hey ${f.firstName}, quick one for you`, `${f.firstName}, got a sec?`],
    anonymousHeadline: ['Quick one for you', 'Got a sec?'],
    onePlace: () => ({
      title: ['Found it', 'One home'],
      text: ["Everything's in one spot. No more digging around.", 'One place for everything. Simple.'],
    }),
    timeBack: () => ({
      title: ['Chores, handled', 'Time back'],
      text: ['Less busywork, more time for the stuff you actually care about.', 'Fewer chores. More time for real work.'],
    }),
    team: (f) => ({
      title: ['Bring the team', 'Better with company'],
      text: [
        'Bring your team in. Everyone sees the same thing.',
        f.seats && f.seats > 1 && `${countOf(f.seats, 'seat')} to fill. Everyone sees the same thing.`,
      ],
    }),
    tierIncluded: (_f, tier) => ({
      title: [`${tier}, fully on`, 'All switched on'],
      text: [`All the ${tier} stuff is already switched on. No setup.`],
    }),
    support: () => ({
      title: ['Need a hand?', 'Help, anytime'],
      text: ['Stuck? Ping us. Happy to help.', "Questions? Just ask. We're around."],
    }),
    thankYou: (f) => ({
      title: ['Thanks!', 'Seriously, thanks'],
      text: [f.company ? `Thanks for picking us. Glad to have ${f.company} around.` : 'Thanks for picking us. Really glad you did.'],
    }),
    upgrade: () => ({
      title: ['Need more?', 'Room to grow'],
      text: ['Outgrowing your plan? Bumping it up takes a minute.', 'More room is easy to add.'],
    }),
    usage: (f, u, stage) => {
      const logins = u.logins && `${capitalize(loginsOf(u.logins))} ${f.period.phrase}`;
      return {
        title: stage === 'new' ? ['Good start', 'Off and running'] : ['Well used', 'Putting it to work'],
        text: [
          logins && u.features && `${logins}, plus ${u.features.list}. Not bad.`,
          logins && !u.features && `${logins}. Not bad at all.`,
          !logins && u.features && `You've ${stage === 'new' ? 'already tried' : 'been using'} ${u.features.list}. Not bad.`,
        ],
      };
    },
    inviteTeam: (f) => ({
      title: ['Two heads are better', 'Bring backup'],
      text: [
        'Add a teammate or two. Sharing beats screenshots.',
        f.seats && f.seats > 1 && `You've got ${countOf(f.seats, 'seat')}. Might as well use them.`,
        f.company && `Loop in a few folks from ${f.company}. Sharing beats screenshots.`,
      ],
    }),
    firstWorkflow: () => ({
      title: ['Start small', 'One thing first'],
      text: ['Pick one weekly chore and set it up. Quick win.'],
    }),
    reachOut: () => ({
      title: ['Want a hand?', 'Do it together'],
      text: ["Book 20 minutes with us and we'll get you set up.", "Grab a quick call and we'll set it up with you."],
    }),
  },

  point: {
    scene: (f, p, role, i) => {
      const title = [...p.titles, 'One more thing'];
      if (p.sentence) {
        const s = p.sentence;
        return {
          title,
          titleInOrder: true,
          textInOrder: true,
          text: preferring(i, [role.kind === 'usage' && `${role.fact}. ${s}`], [`${s} Happy to help ${f.company ? `the ${f.company} team` : 'you'} with it. Just ask.`], [`${s} Just ask.`], [s]),
        };
      }
      const a = p.action;
      const n = p.phrase;
      const text =
        role.kind === 'usage'
          ? preferring(i, [a ? `${role.fact}. Next: ${a}.` : `${role.fact}. Next up, ${n}. We've got you.`], a ? [`Next: ${a}.`] : [`Next up, ${n}. We've got you.`])
          : a
            ? preferring(
                i,
                [f.company && `Got a sec? ${capitalize(a)}, and tell us how it goes at ${f.company}.`],
                [`Got a sec? ${capitalize(a)}. Tell us what you think.`, `Next time you're in, ${a}. Easy.`],
                [`${capitalize(a)}. Easy.`],
              )
            : preferring(
                i,
                [f.company && `Need a hand with ${n}? We've got you and ${f.company} covered.`],
                [`Want to chat about ${n}? We're around.`, `Need a hand with ${n}? We've got you.`],
                [`${capitalize(n)}? We've got you.`],
              );
      return { title, titleInOrder: true, textInOrder: true, text };
    },
    greeting: (f, p) => {
      const set = `${f.company ? `${f.company} is` : "You're"} all set up${f.tier ? ` on the ${f.plan}` : ''}`;
      if (p.sentence) return [`Glad you're here. ${p.sentence}`, p.sentence];
      if (p.action) return [`${set}. Now ${p.action}.`, `You're in. Now ${p.action}.`];
      return [`${set}, and we've got you for ${p.phrase}.`, `You're in, and we've got you for ${p.phrase}.`, `We've got you for ${p.phrase}.`];
    },
    hook: (f, p) => {
      if (p.sentence) return [`${p.sentence} Here's the quick version for ${teamOf(f)}.`, `${p.sentence} Quick look?`, p.sentence];
      if (p.action) return [`Want to ${p.action}? Here's the quick version.`, `Want to ${p.action}?`];
      return [f.company && `${capitalize(p.phrase)} on ${teamOf(f)}'s list? Here's the quick version.`, `${capitalize(p.phrase)} on your list? Here's the quick version.`, `${capitalize(p.phrase)}? Quick look.`];
    },
    reminder: (f, p) => {
      const renews = `Your ${f.plan} renews ${f.renewal ? `on ${f.renewal.long}` : 'soon'}`;
      if (p.sentence) return [`${renews}. Nothing to do. ${p.sentence}`, `${renews}. ${p.sentence}`];
      if (p.action) return [`${renews}, nothing to do. Meanwhile, ${p.action}.`, `${renews}. Now ${p.action}.`];
      return [`${renews}, nothing to do, and we've got you for ${p.phrase}.`, `${renews}. We've got you for ${p.phrase}.`];
    },
  },

  welcome: {
    headline: (f) => [`Hey ${f.firstName}, welcome in`, `Hey ${f.firstName}, you made it`, `Good to see you, ${f.firstName}`],
    greeting: (f) => [
      `Glad you're here. ${f.company ? `${f.company} is` : "You're"} all set up${f.tier ? ` on the ${f.plan}` : ''}.`,
      `You're in. ${f.tier ? `Your ${f.plan} is ready` : "Everything's ready"}, no long setup needed.`,
    ],
    cta: ['Jump in'],
    readyNow: () => ({
      title: ['Ready when you are', 'Zero homework'],
      text: ['No big setup. Just open it and go.'],
    }),
    feature: (f, name, index, used) => ({
      title: [capitalize(name)],
      text: [
        used
          ? rotate(["You've already poked around. There's more in there.", "You're already on it. Nice."], index)
          : rotate(['Ready when you are.', `Comes with your ${f.plan}. Go poke around.`, 'Start here. Easy win.', 'There when you need it.'], index),
      ],
    }),
    exploreTier: (_f, tier) => ({
      title: [`Poke around ${tier}`, 'Have a look around'],
      text: ['Take five minutes and see what your plan comes with.'],
    }),
  },

  productDemo: {
    headline: (f) =>
      f.productName
        ? [`Hey ${f.firstName}, take a look at ${f.productName}`, `${f.firstName}, here's the quick tour`]
        : [`${f.firstName}, here's the quick tour`, `Hey ${f.firstName}, take a quick look`],
    hook: (f) =>
      f.useCase
        ? [`${capitalize(f.useCase)} eating your week? Yeah, we get it.`, `${capitalize(f.useCase)} taking forever? Same.`]
        : [
            'Too many tabs, too little time? Same.',
            'Busy week, too many tools? We get it.',
            f.company && `Busy week at ${f.company}? Too many tools? We get it.`,
          ],
    cta: ['Take it for a spin'],
    knownFeature: (_f, feature) => {
      const copy = {
        Dashboards: "Your numbers, live, on one screen. That's it.",
        Reports: 'Set up a report once. It updates itself.',
        Alerts: 'Something changes, you hear about it. Right away.',
        Workspaces: 'Each team gets its own space. No clutter.',
        Integrations: 'Hook up the tools you already use. Two clicks.',
      } satisfies Record<typeof feature, string>;
      return { title: [feature], text: [copy[feature]] };
    },
    feature: (f, name, index) => ({
      title: [name],
      text: [
        rotate(
          [
            f.useCase ? `Makes ${f.useCase} way less of a chore.` : 'Takes the busywork off your plate. Simple.',
            'Everyone sees the same thing. No more "which version?"',
            'The boring steps run themselves.',
            'Where things stand, at a glance.',
            `Fits how ${teamOf(f)} already works. No big change.`,
            'Less time on the weekly grind.',
          ],
          index,
        ),
      ],
    }),
    outcomeTime: () => ({
      title: ['Time back', 'Fewer chores'],
      text: ['Less manual stuff. More time for real work.'],
    }),
    outcomeAligned: () => ({
      title: ['Same page, finally'],
      text: ['Everyone looks at the same numbers. Meetings get shorter.'],
    }),
    outcomeUseCase: (_f, useCase) => ({
      title: ['Sorted', 'Done and dusted'],
      text: [`${capitalize(useCase)}? Quick and done.`],
    }),
    outcomeStart: () => ({
      title: ['Start small', 'Easy start'],
      text: ['Pick one thing. Build from there.'],
    }),
  },

  usageRecap: {
    headline: (f) => [`${f.firstName}, your ${f.period.noun} in a nutshell`, `Quick recap, ${f.firstName}`],
    logins: (f) => {
      const n = f.logins;
      const p = f.period.phrase;
      if (n === undefined) return { title: ['The recap'], text: [`Here's how your ${f.period.noun} went.`] };
      if (n === 0) return { title: ['Logins'], text: [`No logins ${p}. No worries, it's all still here.`] };
      const l = loginsOf(n);
      const text =
        n === 1
          ? [`${l} ${p}. Everyone starts somewhere.`]
          : n < 5
            ? [`${l} ${p}. Good start.`]
            : n < 20
              ? [`${l} ${p}. Nice rhythm.`, `${l} ${p}. Solid.`]
              : [`${l} ${p}. Yeah, you're a regular.`];
      return { title: ['Logins', 'You showed up'], text };
    },
    features: (f) => {
      const used = f.featuresUsed;
      if (used.length === 0) return { title: ['Up next'], text: ["Lots to explore when you're ready."] };
      if (used.length === 1) return { title: ['Your thing'], text: [`${capitalize(used[0] ?? '')} was your thing ${f.period.phrase}.`] };
      return {
        title: ['What you used', 'Your go-tos'],
        text: [`You dipped into ${featureList(used)}.`, `Good mix: ${featureList(used)}.`],
      };
    },
    cta: ['Take a look'],
    habit: (_f, perWeek) => ({
      title: ['Habit formed', "You're a regular"],
      text: [perWeek ? `About ${countOf(perWeek, 'visit')} a week. That's a routine.` : "You keep coming back. That's a routine."],
    }),
    breadth: (_f, count) => ({
      title: ['Not a one-trick user', 'Wide range'],
      text: [`${count} features, not just one. That's how you get the good stuff.`],
    }),
    tierAtWork: (f) => ({
      title: ['Plan well used', `${f.tier ?? 'Your plan'}, put to work`],
      text: [`Your ${f.plan} is getting a proper workout. Nice.`],
    }),
    freshStart: () => ({
      title: ['Fresh start'],
      text: ['Quiet stretch. Next recap, different story.'],
    }),
    focused: (_f, feature) => ({
      title: [`Team ${feature}`, 'Your thing'],
      text: [`${capitalize(feature)} and you. Solid combo.`],
    }),
    tryNew: () => ({
      title: ['Try one new thing', 'Branch out'],
      text: ["Pick something you haven't used yet. Takes five minutes."],
    }),
    weeklyHabit: () => ({
      title: ['Ten minutes a week', 'Weekly check-in'],
      text: ["A quick weekly look. That's all it takes."],
    }),
    goDeeper: (_f, feature) => ({
      title: ['Go deeper', 'Hidden extras'],
      text: [`There's more to ${feature} than you think. Check the settings.`],
    }),
  },

  renewal: {
    headline: (f) => [`Heads up, ${f.firstName}: renewal's coming`, `${f.firstName}, quick renewal note`],
    reminder: (f) => [
      `Your ${f.plan} renews ${f.renewal ? `on ${f.renewal.long}` : 'soon'}. All good? Then there's nothing to do.`,
      `Renewal's ${f.renewal ? `on ${f.renewal.long}` : 'coming up'}. Nothing to do if you're happy.`,
    ],
    cta: ['Check your plan'],
    seats: (f, seats) => ({
      title: [`${countOf(seats, 'seat')}, one team`, 'Whole team on board'],
      text: [`${countOf(seats, 'seat')}, everyone on the same page${f.company ? ` at ${f.company}` : ''}.`],
    }),
    tierValue: (_f, tier) => ({
      title: ['Everything stays', 'Still all there'],
      text: [`All the ${tier} stuff keeps running.`],
    }),
    continuity: () => ({
      title: ['Nothing changes', 'Zero setup'],
      text: ['Your settings and data stay put. Nothing to redo.'],
    }),
    growth: () => ({
      title: ['Need more?', 'Room to grow'],
      text: ['Team got bigger? We can size your plan up before it renews.'],
    }),
    review: (f) => ({
      title: ['Quick chat?', 'Talk it through'],
      text: [`Questions about your plan? Happy to talk before ${f.renewal ? f.renewal.short : 'it renews'}.`],
    }),
    addSeats: (f) => ({
      title: ['More seats?'],
      text: [`New folks joining? Add seats before ${f.renewal ? f.renewal.short : 'renewal'}.`],
    }),
  },
};
