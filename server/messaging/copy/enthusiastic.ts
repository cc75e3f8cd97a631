/**
 * Enthusiastic: high energy and celebratory. Exclamation marks, vivid verbs,
 * "can't wait"; one emoji at most, and only in the headline, where it reads
 * as a sticker rather than noise.
 */
import type { ToneCopy } from './types';
import { capitalize, countOf, featureList, loginsOf, preferring, renewsWhen, rotate, teamOf } from './helpers';

export const enthusiastic: ToneCopy = {
  shared: {
    headline: (f) => [`${f.firstName}, this one's for you! 🎉`, `Big news for you, ${f.firstName}! 🚀`],
    anonymousHeadline: ["This one's for you! 🎉", 'Big news for you! 🚀'],
    onePlace: () => ({
      title: ['All together now!', 'One home for it all!'],
      text: ['All your work in one place. No more digging through tabs and threads!', 'Everything lives in one spot. No more hunting around!'],
    }),
    timeBack: () => ({
      title: ['Hello, free time!', 'Win back your week!'],
      text: ['Hand off the busywork and spend your time on the big stuff!', 'Less busywork, more time for the work that gets you excited!'],
    }),
    team: (f) => ({
      title: ['Team power!', 'The more, the merrier!'],
      text: [
        `Bring the whole ${f.company ? `${f.company} ` : ''}team along. Everything's better together!`,
        f.seats && f.seats > 1 && `${countOf(f.seats, 'seat')} ready for your crew. Let's fill them up!`,
      ],
    }),
    tierIncluded: (_f, tier) => ({
      title: [`All of ${tier}, unlocked!`, 'Fully unlocked!'],
      text: [`Every single ${tier} feature is unlocked and waiting for you!`],
    }),
    support: () => ({
      title: ["We're in your corner!", 'Help is right here'],
      text: ["Our team is cheering you on and ready to help anytime!", 'Got a question? We love answering them!'],
    }),
    thankYou: (f) => ({
      title: ['Thank you!', 'From all of us!'],
      text: [
        f.company ? `A huge thank you to you and everyone at ${f.company}. You're amazing!` : "A huge thank you for being with us. You're amazing!",
        "We're so grateful to have you with us!",
      ],
    }),
    upgrade: (f) => ({
      title: ['Ready to level up?', 'Level up!'],
      text: [`As ${f.company ?? 'your team'} grows, your plan can grow too. The sky's the limit!`, 'Upgrading unlocks even more to love. The sky is the limit!'],
    }),
    usage: (f, u, stage) => {
      const logins = u.logins && `${capitalize(loginsOf(u.logins))} ${f.period.phrase}`;
      return {
        title: stage === 'new' ? ['Flying start!', "You're off and running!"] : ['Look at you go!', 'On a roll!'],
        text: [
          logins && u.features && `${logins}, plus ${u.features.list}. Amazing!`,
          logins && !u.features && `${logins}${stage === 'new' ? ' already' : ''}. You're on fire!`,
          !logins && u.features && `You've ${stage === 'new' ? 'already jumped into' : 'been all over'} ${u.features.list}. Amazing!`,
        ],
      };
    },
    inviteTeam: (f) => ({
      title: ['Invite your team!', 'Bring the team!'],
      text: [
        `Add your teammates and get ${f.company ? `everyone at ${f.company}` : 'everyone'} on board!`,
        f.seats && f.seats > 1 && `You've got ${countOf(f.seats, 'seat')}. Fill them up and get everyone on board!`,
      ],
    }),
    firstWorkflow: () => ({
      title: ['Score a quick win!', 'Start with one workflow'],
      text: ["Pick one weekly task and set it up. You'll feel the difference right away!"],
    }),
    reachOut: () => ({
      title: ["Let's do this together!", 'Book your kickoff!'],
      text: ["Book a quick session and we'll get you up and running in no time!"],
    }),
  },

  point: {
    scene: (f, p, role, i) => {
      const title = [...p.titles, "Let's make it happen"];
      const crew = f.company ? `the ${f.company} team` : 'you';
      if (p.sentence) {
        const s = p.sentence;
        return {
          title,
          titleInOrder: true,
          textInOrder: true,
          text: preferring(i, [role.kind === 'usage' && `${role.fact}! ${s}`], [`${s} We can't wait to help ${crew} make the most of it!`], [`${s} We're all in!`], [s]),
        };
      }
      const a = p.action;
      const n = p.phrase;
      const text =
        role.kind === 'usage'
          ? preferring(
              i,
              [a ? `${role.fact}. Now ${a}!` : `${role.fact}, and ${n} is next. We can't wait!`],
              a ? [`Now ${a}!`] : [`${capitalize(n)} is next. We can't wait!`],
            )
          : a
            ? preferring(
                i,
                [f.company && `Time for the ${f.company} team to ${a}. We can't wait to hear what you think!`],
                [`Go on, ${a}! We can't wait to hear what you think.`, `Ready? ${capitalize(a)} and see what's possible!`],
                [`Go on, ${a}!`],
              )
            : preferring(
                i,
                [f.company && `We can't wait to help the ${f.company} team with ${n}!`],
                [`We can't wait to help you with ${n}!`, `We're all in on ${n}. Let's make it a big win!`],
                [`We're all in on ${n}!`],
              );
      return { title, titleInOrder: true, textInOrder: true, text };
    },
    greeting: (f, p) => {
      const who = f.company ?? 'you';
      if (p.sentence) return [`We're thrilled to have ${who} on board! ${p.sentence}`, `Welcome aboard! ${p.sentence}`, p.sentence];
      if (p.action) return [`We're thrilled to have ${who} on board! Go on, ${p.action}!`, `Welcome aboard! Go on, ${p.action}!`, `Go on, ${p.action}!`];
      return [
        `We're thrilled to have ${who} on board, and we can't wait to help with ${p.phrase}!`,
        `Welcome aboard! We can't wait to help with ${p.phrase}!`,
        `We're all in on ${p.phrase}!`,
      ];
    },
    hook: (f, p) => {
      if (p.sentence) return [`${p.sentence} Let's see what it means for ${teamOf(f)}!`, `${p.sentence} Let's dive in!`, p.sentence];
      if (p.action) return [`Ready to ${p.action}? Let's dive in!`, `Ready to ${p.action}?`];
      return [f.company && `Is ${teamOf(f)} ready for ${p.phrase}? Let's dive in!`, `Ready for ${p.phrase}? Let's dive in!`, `Ready for ${p.phrase}?`];
    },
    reminder: (f, p) => {
      const renews = `Your ${f.plan} renews ${renewsWhen(f)}`;
      if (p.sentence) return [`${renews}, nothing to do! ${p.sentence}`, `${renews}! ${p.sentence}`];
      if (p.action) return [`${renews}, so nothing to do but ${p.action}!`, `${renews}! Now ${p.action}!`];
      return [`${renews}, nothing to do, and we can't wait to help with ${p.phrase}!`, `${renews}, and we're all in on ${p.phrase}!`];
    },
  },

  welcome: {
    headline: (f) => [`${f.firstName}, you're in! 🎉`, `Welcome aboard, ${f.firstName}! 🚀`, `Big welcome, ${f.firstName}! 🎉`],
    greeting: (f) => [
      `We're thrilled to have ${f.company ?? 'you'} on board! ${f.tier ? `Your ${f.plan} is live and ready to go.` : "Everything's ready to go."}`,
      `This is the start of something great${f.company ? ` for ${f.company}` : ''}! ${f.tier ? `Your ${f.plan} is all set up.` : "You're all set up."}`,
    ],
    cta: ["Let's go!"],
    readyNow: () => ({
      title: ['Ready, set, go!', 'Zero waiting!'],
      text: ['No long setup. You can dive in right now!'],
    }),
    feature: (f, name, index, used) => ({
      title: [capitalize(name)],
      text: [
        used
          ? rotate(["You've already discovered it. So much more to unlock!", "You're already a natural!"], index)
          : rotate(['Ready and waiting. Dive right in!', `Part of your ${f.plan}. Go explore!`, "You're going to love this one!", 'All yours from day one!'], index),
      ],
    }),
    exploreTier: (f, tier) => ({
      title: [`Unlock your ${tier} perks!`, 'Go exploring!'],
      text: [`Take a tour of everything your ${f.plan} unlocks. There's so much to discover!`],
    }),
  },

  productDemo: {
    headline: (f) =>
      f.productName
        ? [`${f.firstName}, see what ${f.productName} can do! 🚀`, `${f.firstName}, get ready for ${f.productName}! 🎉`]
        : [`${f.firstName}, see what it can do! 🚀`, `${f.firstName}, your tour starts now! 🎉`],
    hook: (f) =>
      f.useCase
        ? [`What if ${f.useCase} took minutes instead of hours?`, `Ready to make ${f.useCase} the easiest part of your week?`]
        : [
            'Ready to work smarter, not harder?',
            'What if your busiest day suddenly felt easy?',
            f.company && `Ready to give the ${f.company} team its time back?`,
          ],
    cta: ['Try it now!'],
    knownFeature: (f, feature) => {
      const copy = {
        Dashboards: 'Every number you care about, live and right in front of you!',
        Reports: 'Build a report once and watch it update itself. Like magic!',
        Alerts: 'Know the second something changes. No more surprises!',
        Workspaces: `Every team${f.company ? ` at ${f.company}` : ''} gets its own space, set up just right!`,
        Integrations: 'Plug in the tools you already love in a couple of clicks!',
      } satisfies Record<typeof feature, string>;
      return { title: [feature], text: [copy[feature]] };
    },
    feature: (f, name, index) => ({
      title: [name],
      text: [
        rotate(
          [
            f.useCase ? `Built to make ${f.useCase} a breeze!` : 'Takes the busywork off your plate. Hello, focus!',
            `Keeps ${teamOf(f)} perfectly in sync!`,
            'Routine steps run themselves. Decisions come faster!',
            'See exactly where things stand, in a single glance!',
            `Slots right into how ${teamOf(f)} already works!`,
            'Wins back time on everything you repeat each week!',
          ],
          index,
        ),
      ],
    }),
    outcomeTime: () => ({
      title: ['Time back!', 'Hello, free time!'],
      text: ['Less manual work, more time for the big ideas!'],
    }),
    outcomeAligned: () => ({
      title: ['Everyone in sync!'],
      text: ['One set of numbers for everyone. Meetings start with decisions!'],
    }),
    outcomeUseCase: (f, useCase) => ({
      title: ['Easy wins, every week!', 'Done and dusted!'],
      text: [`${capitalize(useCase)} becomes a quick win for ${teamOf(f)}, every single time!`],
    }),
    outcomeStart: () => ({
      title: ['Up and running!', 'Off to the races!'],
      text: ['Start with one workflow today and build from there. We can hardly wait!'],
    }),
  },

  usageRecap: {
    headline: (f) => [
      f.logins !== 0 && f.period.singleWord && `What a ${f.period.noun}, ${f.firstName}! 🎉`,
      `${f.firstName}, your ${f.period.noun} recap is here! 🚀`,
      `Your ${f.period.noun} in review, ${f.firstName}! 🎉`,
    ],
    logins: (f) => {
      const n = f.logins;
      const p = f.period.phrase;
      if (n === undefined) return { title: ['Your recap!'], text: [`Let's look back at your ${f.period.noun}!`] };
      if (n === 0) return { title: ['Ready for takeoff!'], text: ["A fresh start awaits. Everything's ready for your first login!"] };
      const l = loginsOf(n);
      const text =
        n === 1
          ? [`${l} ${p}, and the journey starts here!`]
          : n < 5
            ? [`${l} ${p}! What a great start!`]
            : n < 20
              ? [`${l} ${p}! Love the momentum you're building!`, `${l} ${p}! Keep it coming!`]
              : [`${l} ${p}! You're officially a power user!`];
      return { title: n >= 5 ? ['On a roll!', 'Full speed ahead!'] : ['Great start!', 'Off you go!'], text };
    },
    features: (f) => {
      const used = f.featuresUsed;
      if (used.length === 0) return { title: ['So much to explore!'], text: ['So many features are waiting to be discovered!'] };
      if (used.length === 1) return { title: ['Your star feature!'], text: [`You put ${used[0]} to work ${f.period.phrase}!`] };
      return {
        title: ['Look at you go!', 'Busy, busy!'],
        text: [`You put ${featureList(used)} to work ${f.period.phrase}. Impressive!`],
      };
    },
    cta: ['Dive into your stats!'],
    habit: (_f, perWeek) => ({
      title: ['Habit unlocked!', "You're unstoppable!"],
      text: [
        perWeek
          ? `About ${countOf(perWeek, 'visit')} a week! It's officially part of your routine!`
          : "You keep coming back! It's officially part of your routine!",
      ],
    }),
    breadth: (_f, count) => ({
      title: ['Explorer mode!', 'Curious mind!'],
      text: [`${count} features in action! You're getting the full experience!`],
    }),
    tierAtWork: (f) => ({
      title: [`${f.tier ?? 'Your plan'}, in full swing!`, 'In full swing!'],
      text: [`You're getting the most out of your ${f.plan}. We love to see it!`],
    }),
    freshStart: () => ({
      title: ['Fresh start!'],
      text: ["Your journey starts now, and we can't wait to see your next recap!"],
    }),
    focused: (f, feature) => ({
      title: [`${capitalize(feature)} fan!`, 'Your favorite!'],
      text: [`You and ${feature} were inseparable ${f.period.phrase}! Great pick!`],
    }),
    tryNew: () => ({
      title: ['Try something new!', 'Branch out!'],
      text: ["Pick one feature you haven't tried yet. There's so much more to discover!"],
    }),
    weeklyHabit: () => ({
      title: ['Make it a ritual!', 'Weekly power-up!'],
      text: ['Ten minutes a week keeps you on top of everything. Easy win!'],
    }),
    goDeeper: (_f, feature) => ({
      title: ['Go deeper!', 'Level up!'],
      text: [`You already love ${feature}. Dig into the settings for even more!`],
    }),
  },

  renewal: {
    headline: (f) => [
      `${f.firstName}, let's keep the momentum going! 🚀`,
      f.renewal ? `${f.firstName}, your plan renews on ${f.renewal.short}! 🎉` : `${f.firstName}, your plan renews soon! 🎉`,
    ],
    reminder: (f) => [
      `Your ${f.plan} renews ${renewsWhen(f)}, and we can't wait for what's next! Nothing to do if all looks good.`,
      `Great news: your ${f.plan} renews ${renewsWhen(f)}! If everything looks right, you're all set.`,
    ],
    cta: ['Check out your plan!'],
    seats: (f, seats) => ({
      title: [`${countOf(seats, 'seat')}, one team!`, 'Team power!'],
      text: [`${capitalize(teamOf(f))}, perfectly in sync. Teamwork wins!`],
    }),
    tierValue: (_f, tier) => ({
      title: [`All of ${tier}!`, 'Everything you love!'],
      text: [`Every ${tier} feature stays right at your fingertips!`],
    }),
    continuity: () => ({
      title: ['Zero disruption!', 'Nothing to redo!'],
      text: ['Your settings, data and workflows carry right on. No hassle at all!'],
    }),
    growth: (f) => ({
      title: ['Level up!', 'Room to grow!'],
      text: [`Has ${teamOf(f)} grown? Let's make sure your plan keeps up!`],
    }),
    review: (f) => ({
      title: ["Let's talk!", 'Quick check-in!'],
      text: [`We'd love to walk through your plan with you before ${f.renewal ? f.renewal.short : 'it renews'}!`],
    }),
    addSeats: (f) => ({
      title: ['More seats?', 'Grow the team!'],
      text: [`Add teammates before ${f.renewal ? f.renewal.short : 'your renewal'} and bring everyone along!`],
    }),
  },
};
