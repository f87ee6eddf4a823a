"""An evaluation corpus written independently of `benchmarks.synth`.

The extractors were tuned against `benchmarks.synth`, so their scores there flatter them. This
package is a second author's idea of what employers upload: contracts drafted in the notarial and
in the HR-template style, three kinds of degree certificate, passports with security print, and
its own capture conditions, good and bad. Only the small plumbing of `benchmarks.synth` (the
`Sample` type, the file writers, font loading) is shared.
"""

from .contracts import contract
from .corpus import Case, cases
from .diplomas import diploma
from .passports import check_digit, passport

__all__ = ["Case", "cases", "check_digit", "contract", "diploma", "passport"]
