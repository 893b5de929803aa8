// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {FiatTokenMock} from "./FiatTokenMock.sol";

/// @title NoLowSToken
/// @notice Like MockUSDC, except that it accepts malleable ECDSA signatures (s in the upper half of the curve
/// order), as the bare ecrecover precompile does.
contract NoLowSToken is FiatTokenMock {
    constructor(string memory name_, string memory version_, address[] memory holders, uint256 amount)
        FiatTokenMock(name_, version_, holders, amount)
    {}

    function _enforceLowS() internal pure override returns (bool) {
        return false;
    }
}
