import Foundation

/// The guided solver's choice among the programs that fit a task's visible examples: what
/// matters on the hidden examples is the function a program computes, not its text, and several
/// fits often compute the same function (`SORT` then `REVERSE`, or `REVERSE` then a commutative
/// step, …). So the fits are grouped by their outputs on inputs drawn as the task generator
/// draws them, each group weighs the prior mass of its members (``ProgramPrior``, summed), and
/// the heaviest group's likeliest member is returned: the most probable function given the
/// examples, as far as the collected fits show it.
///
/// Only the ``consideredFits`` fits with the highest prior are grouped, on ``probeCount``
/// inputs, so the choice costs a bounded number of interpreter runs.
struct BehaviourClasses {
    /// How many fits, likeliest first, are run on the probe inputs.
    var consideredFits = 256
    /// How many random inputs tell the groups apart.
    var probeCount = 48
    /// The seed of the probe inputs (fixed, so a task is always solved the same way).
    var probeSeed: UInt64 = 0x5EED_CAFE

    /// The fit to return among `fits` (all fitting the same task's visible examples), or nil when
    /// there is none with a finite prior.
    func choose(among fits: [SearchFit], inputTypes: [DSLType], prior: ProgramPrior) -> SearchFit? {
        var scored: [(fit: SearchFit, score: Double)] = []
        for fit in fits {
            let score = prior.logProbability(of: fit.program)
            if score > -.infinity { scored.append((fit, score)) }
        }
        // Likeliest first; ties go to the cheaper (the network's preferred) program.
        scored.sort { (a: (fit: SearchFit, score: Double), b: (fit: SearchFit, score: Double)) -> Bool in
            a.score > b.score || (a.score == b.score && a.fit.cost < b.fit.cost)
        }
        scored = Array(scored.prefix(consideredFits))
        guard let first = scored.first else { return nil }
        var generator = DSLTaskGenerator(seed: probeSeed)
        let probes = (0..<probeCount).map { _ in generator.randomInputs(inputTypes) }
        // Per behaviour: its members' scores (for a sum of probabilities in log space) and its
        // likeliest member, the first met since the fits come likeliest first.
        var groups: [[DSLValue?]: (scores: [Double], best: SearchFit)] = [:]
        for (fit, score) in scored {
            // A run past the interpreter's bounds counts as undefined, like any other failure.
            let behaviour = probes.map { inputs in (try? fit.program.run(inputs)) ?? nil }
            groups[behaviour, default: ([], fit)].scores.append(score)
        }
        var chosen = first.fit
        var heaviest = -Double.infinity
        for group in groups.values {
            let mass = logSumExp(group.scores)
            // Equal masses: the group of the likeliest single program, then the cheaper one.
            if mass > heaviest || (mass == heaviest && group.best.cost < chosen.cost) {
                heaviest = mass
                chosen = group.best
            }
        }
        return chosen
    }
}

/// `log(Σ exp(x))` without overflow; `-infinity` for no terms.
func logSumExp(_ terms: [Double]) -> Double {
    guard let largest = terms.max(), largest > -.infinity else { return -.infinity }
    var total = 0.0
    for term in terms { total += exp(term - largest) }
    return largest + log(total)
}
