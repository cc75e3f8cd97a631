/**
 * Friendly: warm and personal, like a note from someone who knows them.
 * Contractions, "we'd love to", the odd exclamation mark, never gushing.
 */
import type { ToneCopy } from './types';
import { capitalize, countOf, featureList, loginsOf, preferring, renewsWhen, rotate, teamOf } from './helpers';

export const friendly: ToneCopy = {
  shared: {
    headline: (f) => [`Hi ${f.firstName}, this one's for you`, `${f.firstName}, we made this for you`],
    anonymousHeadline: ["Hi there, this one's for you", 'We made this for you'],
    onePlace: () => ({
      title: ['All together, finally', 'One home for your work'],
      text: [
        "Everything your team needs lives in one place, so nobody hunts for the latest version.",
        "It's all in one place, so you always know where to look.",
      ],
    }),
    timeBack: () => ({
      title: ['More time for you', 'Time for the good stuff'],
      text: [
        "We'll take care of the busywork, so you can spend your time on what matters most.",
        'Less time on busywork means more time for the work you enjoy.',
      ],
    }),
    team: (f) => ({
      title: ['Better together', 'Made for your team'],
      text: [
        'Your teammates can join you and work from the same page.',
        f.seats && f.seats > 1 && `There's room for ${f.seats.toLocaleString('en-US')} teammates, all on the same page.`,
      ],
    }),
    tierIncluded: (f, tier) => ({
      title: ['Your plan, all set', `All of ${tier}, ready`],
      text: [`Every ${tier} feature is already switched on${f.company ? ` for ${f.company}` : ' for you'}.`],
    }),
    support: (f) => ({
      title: ['Help when you need it', "We've got your back"],
      text: [
        'Questions big or small? Our team is always happy to help.',
        `Whenever ${f.company ? `the ${f.company} team needs` : 'you need'} a hand, we're just a message away.`,
      ],
    }),
    thankYou: (f) => ({
      title: ['Thank you', 'Thanks for being here'],
      text: [
        f.company ? `Thank you for choosing us. It means a lot to have ${f.company} with us.` : 'Thank you for choosing us. It really means a lot.',
        "We're truly grateful to have you with us.",
      ],
    }),
    upgrade: (f) => ({
      title: ['Room to grow', 'Growing with you'],
      text: [
        `As ${f.company ?? 'your team'} grows, your plan can grow right along with you.`,
        "Need a little more? It's easy to add what you need, whenever you need it.",
      ],
    }),
    usage: (f, u, stage) => {
      const logins = u.logins && `${capitalize(loginsOf(u.logins))} ${f.period.phrase}`;
      return {
        title: stage === 'new' ? ['A great start', "You're off and running"] : ['Your plan in action', 'Time well spent'],
        text: [
          logins && u.features && (stage === 'new' ? `${logins}, and you've already tried ${u.features.list}.` : `${logins}, with ${u.features.list} in the mix.`),
          logins && !u.features && (stage === 'new' ? `${logins}. It's great to see you settling in!` : `${logins}. It's great to see you so often!`),
          !logins && u.features && `You've ${stage === 'new' ? 'already explored' : 'been making good use of'} ${u.features.list}. Nice!`,
        ],
      };
    },
    inviteTeam: (f) => ({
      title: ['Bring your teammates', 'Team up'],
      text: [
        `Invite a couple of teammates so ${f.company ? `everyone at ${f.company}` : 'you all'} can work together.`,
        f.seats && f.seats > 1 && `You've got ${countOf(f.seats, 'seat')}, so go ahead and invite the people you work with.`,
      ],
    }),
    firstWorkflow: () => ({
      title: ['One small win', 'Your first workflow'],
      text: [
        "Pick one thing you do every week and set it up first. You'll feel the difference fast.",
        "Start with one weekly task. You'll feel the difference fast.",
      ],
    }),
    reachOut: (f) => ({
      title: ["Let's set it up together", 'Grab a time with us'],
      text: [
        `Grab a time with us and we'll help ${f.company ? `the ${f.company} team` : 'you'} get set up just the way you like.`,
        "Book a quick chat and we'll help you get set up just right.",
      ],
    }),
  },

  point: {
    scene: (f, p, role, i) => {
      const title = [...p.titles, "Let's talk about it"];
      const us = f.company ? `the ${f.company} team` : 'you';
      if (p.sentence) {
        const s = p.sentence;
        return {
          title,
          titleInOrder: true,
          textInOrder: true,
          text: preferring(i, [role.kind === 'usage' && `${role.fact}. ${s}`], [`${s} We'd love to help ${us} make the most of it.`], [`${s} Happy to help.`], [s]),
        };
      }
      const a = p.action;
      const n = p.phrase;
      const text =
        role.kind === 'usage'
          ? preferring(
              i,
              [a ? `${role.fact}. Next, why not ${a}?` : `${role.fact}, and we'd love to help with ${n} next.`],
              a ? [`Next, why not ${a}?`] : [`Next, we'd love to help with ${n}.`],
            )
          : a
            ? preferring(
                i,
                [f.company && `When the ${f.company} team is ready, ${a}. We'd love to hear what you think.`],
                [`When you're ready, ${a}. We'd love to hear what you think.`, `Go ahead and ${a}. We're here if you need a hand.`],
                [`Go ahead and ${a}.`],
              )
            : role.kind === 'step'
              ? preferring(
                  i,
                  [f.company && `Whenever the ${f.company} team is ready, let's look at ${n} together.`],
                  [`Whenever you're ready, let's look at ${n} together.`, `Next up: ${n}, and we're here whenever you want a hand.`],
                  [`Let's talk about ${n}.`],
                )
              : preferring(
                  i,
                  [f.company && `We'd love to help the ${f.company} team with ${n}, whenever you're ready.`],
                  [`We'd love to hear how ${n} is going, and help wherever we can.`, `Anything you need for ${n}, we're right here.`],
                  [`We're here for ${n}.`],
                );
      return { title, titleInOrder: true, textInOrder: true, text };
    },
    greeting: (f, p) => {
      const who = f.company ? `you and the ${f.company} team` : 'you';
      const set = `${f.company ? `You and the ${f.company} team are` : "You're"} all set${f.tier ? ` on the ${f.plan}` : ''}`;
      if (p.sentence) return [`We're happy to welcome ${who}. ${p.sentence}`, `Welcome aboard! ${p.sentence}`, p.sentence];
      if (p.action) return [`${set}, so go ahead and ${p.action}.`, `Welcome aboard! Go ahead and ${p.action}.`, `Welcome! Now ${p.action}.`];
      return [`We're happy to welcome ${who}, and we'd love to help with ${p.phrase}.`, `${set}, and we're here for ${p.phrase}.`, `Welcome! We're here for ${p.phrase}.`];
    },
    hook: (f, p) => {
      if (p.sentence) return [`${p.sentence} Here's a quick look at what it means for ${teamOf(f)}.`, `${p.sentence} Here's a quick look.`, p.sentence];
      if (p.action) return [`Ready to ${p.action}? Here's a quick look at how it works.`, `Ready to ${p.action}? Let's take a look.`];
      return [
        f.company && `Is ${teamOf(f)} thinking about ${p.phrase}? Here's how we can help.`,
        `Thinking about ${p.phrase}? Here's how we can help.`,
        `Curious about ${p.phrase}? Let's take a look.`,
      ];
    },
    reminder: (f, p) => {
      const renews = `Your ${f.plan} renews ${renewsWhen(f)}`;
      if (p.sentence) return [`${renews}, with nothing for you to do. ${p.sentence}`, `${renews}. ${p.sentence}`];
      if (p.action) return [`${renews}, so there's nothing to do but ${p.action}.`, `${renews}. Meanwhile, ${p.action}.`];
      return [`${renews}, nothing to do, and we'd love to help with ${p.phrase} along the way.`, `${renews}, and we're here for ${p.phrase}.`];
    },
  },

  welcome: {
    headline: (f) => [
      `Welcome aboard, ${f.firstName}!`,
      `Hi ${f.firstName}, so glad you're here!`,
      `${f.firstName}, great to have you with us!`,
    ],
    greeting: (f) => [
      `We're happy to welcome ${f.company ? `you and the ${f.company} team` : 'you'}. ${f.tier ? `Your ${f.plan} is all set.` : "You're all set."}`,
      `${f.company ? `You and the ${f.company} team are` : "You're"} all set${f.tier ? ` on the ${f.plan}` : ''}, and we're here whenever you need us.`,
    ],
    cta: ["Let's get started"],
    readyNow: () => ({
      title: ['Zero fuss', 'Off you go'],
      text: ["There's no long setup. You can start exploring right away.", "Everything's ready, so you can jump right in."],
    }),
    feature: (f, name, index, used) => ({
      title: [capitalize(name)],
      text: [
        used
          ? rotate(["You've already found it, and there's lots more to love in there.", 'Nice work trying it! It only gets better from here.'], index)
          : rotate(
              ['Ready for you, and a great place to start.', `Comes with your ${f.plan}, so dive in whenever you like.`, "We think you'll love this one.", "It's there whenever you need it."],
              index,
            ),
      ],
    }),
    exploreTier: (f, tier) => ({
      title: [`Explore your ${tier} perks`, 'Look around'],
      text: [`Take a little tour of everything your ${f.plan} includes. There's plenty to discover.`],
    }),
  },

  productDemo: {
    headline: (f) =>
      f.productName
        ? [`${f.firstName}, let us show you around ${f.productName}!`, `Hi ${f.firstName}, meet ${f.productName}`]
        : [`Hi ${f.firstName}, let's take a quick tour!`, `${f.firstName}, let us show you around`],
    hook: (f) =>
      f.useCase
        ? [`Spending too long on ${f.useCase}? You're not alone.`, `What if ${f.useCase} felt a whole lot easier?`]
        : [
            "Juggling too many tools to get one thing done? You're not alone.",
            'What if your busiest day felt a whole lot easier?',
            f.company && `What if every day at ${f.company} felt a little easier?`,
          ],
    cta: ['Give it a try'],
    knownFeature: (f, feature) => {
      const copy = {
        Dashboards: 'All the numbers you care about, together on one screen.',
        Reports: "Set up a report once and it'll refresh itself, right on schedule.",
        Alerts: "We'll give you a nudge the moment something important changes.",
        Workspaces: `Every team${f.company ? ` at ${f.company}` : ''} gets its own space, with just the right people in it.`,
        Integrations: 'Bring along the tools you already love in just a few clicks.',
      } satisfies Record<typeof feature, string>;
      return { title: [feature], text: [copy[feature]] };
    },
    feature: (f, name, index) => ({
      title: [name],
      text: [
        rotate(
          [
            f.useCase ? `Made to take the hassle out of ${f.useCase}.` : "Takes the busywork off your plate, so you can focus on what you enjoy.",
            `Keeps ${teamOf(f)} on the same page, always.`,
            "Handles the routine steps for you, so there's more time for the fun part.",
            'Shows you where things stand at a glance.',
            `Slots right into the way ${teamOf(f)} already works.`,
            "Saves you time on the things you do every week.",
          ],
          index,
        ),
      ],
    }),
    outcomeTime: () => ({
      title: ['Your time, back', 'More time for you'],
      text: ['Less time on manual work means more time for the things that matter to you.'],
    }),
    outcomeAligned: () => ({
      title: ['Everyone in sync'],
      text: ['Everybody sees the same numbers, so meetings are shorter and friendlier.'],
    }),
    outcomeUseCase: (f, useCase) => ({
      title: ['Easier every week', `${capitalize(useCase)}, sorted`],
      text: [`${capitalize(useCase)} becomes something ${teamOf(f)} can breeze through.`],
    }),
    outcomeStart: () => ({
      title: ['Up and running', 'Off to a great start'],
      text: ["Start small with one workflow and grow from there. We'll be right beside you."],
    }),
  },

  usageRecap: {
    headline: (f) => [`Here's your ${f.period.noun} in review, ${f.firstName}`, `${f.firstName}, here's how your ${f.period.noun} went`],
    logins: (f) => {
      const n = f.logins;
      const p = f.period.phrase;
      if (n === undefined) return { title: ['Your recap'], text: [`Here's a quick look back at your ${f.period.noun}.`] };
      if (n === 0) return { title: ['Your logins'], text: [`We haven't seen you ${p} yet. Everything's ready whenever you are.`] };
      const l = loginsOf(n);
      const text =
        n === 1
          ? [`${l} ${p}. Every routine starts with a first visit!`]
          : n < 5
            ? [`${l} ${p}. A great start, and there's lots more to explore.`]
            : n < 20
              ? [`${l} ${p}. It's great to see you making it part of your week!`, `${l} ${p}. You're really getting into the swing of it!`]
              : [`${l} ${p}. You've truly made it part of your routine!`];
      return { title: ['Your logins', 'Showing up'], text };
    },
    features: (f) => {
      const used = f.featuresUsed;
      const p = f.period.phrase;
      if (used.length === 0) return { title: ['Lots to explore'], text: ["Plenty of features are waiting whenever you're ready."] };
      if (used.length === 1) return { title: ['Your go-to feature'], text: [`${capitalize(used[0] ?? '')} was your go-to ${p}.`] };
      return {
        title: ['Your favorites', 'What you used'],
        text: [`You explored ${featureList(used)} ${p}. Nice mix!`, `You've been busy with ${featureList(used)}.`],
      };
    },
    cta: ['See your full recap'],
    habit: (_f, perWeek) => ({
      title: ['You made it a habit', 'Regular visitor'],
      text: [
        perWeek
          ? `That's about ${countOf(perWeek, 'visit')} a week. It's clearly part of how you work now!`
          : "You keep coming back, and it's clearly part of how you work now!",
      ],
    }),
    breadth: (_f, count) => ({
      title: ['Exploring widely', 'Curious and capable'],
      text: [`You didn't stick to just one feature. Exploring ${count} of them is where the real value shows up.`],
    }),
    tierAtWork: (f) => ({
      title: [`Making the most of ${f.tier ?? 'your plan'}`, 'Making the most of it'],
      text: [`Your ${f.plan} is really earning its keep. We love to see it.`],
    }),
    freshStart: () => ({
      title: ['A fresh start'],
      text: ["Every routine starts with a first visit. We can't wait to see your next recap."],
    }),
    focused: (f, feature) => ({
      title: [`You and ${feature}`, 'Your favorite'],
      text: [`${capitalize(feature)} was clearly your favorite ${f.period.phrase}. Great choice!`],
    }),
    tryNew: (f) => ({
      title: ['Try something new', 'Explore a little more'],
      text: [
        f.featuresUsed.length > 0
          ? `Next time, pick one feature you haven't tried yet and give it a spin.`
          : 'Pick one feature that catches your eye and give it a spin.',
      ],
    }),
    weeklyHabit: () => ({
      title: ['Make it a weekly ritual', 'Little and often'],
      text: ['A quick weekly check-in is the easiest way to stay on top of things.'],
    }),
    goDeeper: (_f, feature) => ({
      title: ['Go a little deeper', 'A hidden gem or two'],
      text: [`You already like ${feature}. Have a peek at the settings, there's more in there than you'd think.`],
    }),
  },

  renewal: {
    headline: (f) => [
      `Hi ${f.firstName}, a quick renewal heads-up`,
      `${f.firstName}, your renewal is coming up`,
    ],
    reminder: (f) => [
      `Just a heads-up: your ${f.plan} renews ${renewsWhen(f)}. If all looks good, you don't need to do a thing.`,
      `Your ${f.plan} renews ${renewsWhen(f)}. If everything looks right, there's nothing for you to do.`,
    ],
    cta: ['Take a look at your plan'],
    seats: (f, seats) => ({
      title: [`${countOf(seats, 'seat')}, one team`, 'One happy team'],
      text: [`${capitalize(teamOf(f))} stayed on the same page, all in one place.`],
    }),
    tierValue: (f, tier) => ({
      title: [`All the ${tier} goodies`, 'Everything you love'],
      text: [`Everything in your ${f.plan} stays right where you left it.`],
    }),
    continuity: () => ({
      title: ['Nothing changes', 'No surprises'],
      text: ['Your settings, data and workflows stay exactly as you like them.'],
    }),
    growth: (f) => ({
      title: ['Room to grow'],
      text: [`Has ${teamOf(f)} grown? We'd love to make sure your plan still fits.`],
    }),
    review: (f) => ({
      title: ["Let's chat", 'Quick plan check'],
      text: [`Happy to walk through your plan with you before ${f.renewal ? f.renewal.short : 'it renews'}. Just say the word.`],
    }),
    addSeats: (f) => ({
      title: ['Need more seats?'],
      text: [`Add new teammates before ${f.renewal ? f.renewal.short : 'your renewal'} so nobody misses out.`],
    }),
  },
};
