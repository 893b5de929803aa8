// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {FiatTokenMock} from "./FiatTokenMock.sol";

/// @title NonRevertingToken
/// @notice Like MockUSDC, except that a used (or canceled) authorization makes transferWithAuthorization and
/// receiveWithAuthorization return successfully without transferring anything: the transaction succeeds, no
/// event is emitted, no balance moves. A facilitator that trusts a successful receipt is fooled by it.
contract NonRevertingToken is FiatTokenMock {
    constructor(string memory name_, string memory version_, address[] memory holders, uint256 amount)
        FiatTokenMock(name_, version_, holders, amount)
    {}

    function _skipUsedAuthorization(address authorizer, bytes32 nonce) internal view override returns (bool) {
        return _used(authorizer, nonce);
    }
}
